/**
 * /stats [days] [since] (the deployment's admins): what users asked over a period, the share answered
 * confidently, the 👍 rate, by language, the coverage gaps, and the chart of questions per day. The
 * figures and the chart are made in a worker (StatsWorker), which can take a second at a million
 * recorded answers, so the reply is deferred first, privately. A database that cannot be read is a
 * DataUnavailableError, shown privately as its one line.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { dayString, lastDays, resolvePeriod, type Period } from '../../stats/period.ts';
import type { BotContext } from '../context.ts';
import { argumentsOf, StatsCommand, type ArgumentsOf } from '../commands.ts';
import type { UiLang } from '../i18n.ts';
import { renderStats } from '../renderStats.ts';
import { respond } from '../respond.ts';

const DEFAULT_DAYS = 30;

/** The period asked for: from `since` to today, else the last `days` days (today included). */
function statsPeriod(args: ArgumentsOf<typeof StatsCommand>, now: number): Period {
  if (!args.since) return lastDays(args.days ?? DEFAULT_DAYS, now);
  const today = dayString(now);
  return resolvePeriod({ since: args.since, until: today }, now, { since: 'since', until: today });
}

export async function statsCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  // A bad date is refused before deferring: the refusal is then the reply itself.
  const period = statsPeriod(argumentsOf(StatsCommand, interaction), ctx.now());
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const report = await ctx.stats.report(period, lang);
  await respond(interaction, renderStats(report, lang), { private: true });
}
