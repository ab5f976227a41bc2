/** Dispatcher for slash commands: language, preconditions, then the command's function. */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { BotContext } from '../context.ts';
import type { CommandName } from '../commands.ts';
import { chooseUiLang, detectUiLang, uiLangFromLocale, type UiLang } from '../i18n.ts';
import { askCommand } from '../functions/ask.ts';
import { helpCommand } from '../functions/help.ts';
import { reindexCommand } from '../functions/reindex.ts';
import { settingsCommand } from '../functions/settings.ts';
import { sourceCommand } from '../functions/source.ts';
import { sourcesCommand } from '../functions/sources.ts';
import { statsCommand } from '../functions/stats.ts';
import { userErrors } from '../userErrors.ts';
import { interactionLogger, withBoundary } from './boundary.ts';
import { adminOnly, indexReady, notShuttingDown, rateLimited, reindexCooldown, serverManagersOnly, type Precondition } from './preconditions.ts';
import { serverLang } from '../serverSettings.ts';

interface CommandHandler {
  preconditions: Precondition[];
  run: (ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang, log: Logger) => Promise<void>;
}

/** In order: a refusal that costs nothing comes before one that takes a rate-limit slot. */
const handlers: Record<CommandName, CommandHandler> = {
  ask: { preconditions: [notShuttingDown, indexReady, rateLimited], run: askCommand },
  source: { preconditions: [notShuttingDown, indexReady, rateLimited], run: sourceCommand },
  sources: { preconditions: [notShuttingDown], run: sourcesCommand },
  reindex: { preconditions: [notShuttingDown, adminOnly, reindexCooldown], run: reindexCommand },
  settings: { preconditions: [notShuttingDown, serverManagersOnly], run: settingsCommand },
  stats: { preconditions: [notShuttingDown, adminOnly], run: statsCommand },
  help: { preconditions: [notShuttingDown], run: helpCommand },
};

/** The server's language when it set one; else the question's when there is one, else the user's last question's, else the locale. */
function commandLang(ctx: BotContext, interaction: ChatInputCommandInteraction): UiLang {
  const question = interaction.options.get('question')?.value;
  const text = typeof question === 'string' ? question : null;
  const lang = chooseUiLang(text, ctx.userLangs.get(interaction.user.id), uiLangFromLocale(interaction.locale));
  if (text && detectUiLang(text)) ctx.userLangs.set(interaction.user.id, lang);
  return serverLang(ctx.settings.get(interaction.guildId), lang);
}

export async function handleChatCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const lang = commandLang(ctx, interaction);
  const log = interactionLogger(ctx, interaction, { command: interaction.commandName });
  await withBoundary(interaction, lang, log, ctx.now, async () => {
    const handler = handlers[interaction.commandName as CommandName] as CommandHandler | undefined;
    // A command deleted from the code but still registered at Discord.
    if (!handler) throw userErrors.unknownCommand(interaction.commandName);
    for (const precondition of handler.preconditions) precondition(ctx, interaction);
    await handler.run(ctx, interaction, lang, log);
  });
}
