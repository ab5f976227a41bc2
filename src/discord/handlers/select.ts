/** Dispatcher for select menus (the reason for a 👎): custom_ids are parsed and validated before anything runs. */
import type { StringSelectMenuInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { parseSelectId } from '../customIds.ts';
import { reasonSelected } from '../functions/feedback.ts';
import { uiLangFromLocale } from '../i18n.ts';
import { userErrors } from '../userErrors.ts';
import { interactionLogger, withBoundary } from './boundary.ts';
import { notShuttingDown } from './preconditions.ts';

export async function handleSelect(ctx: BotContext, interaction: StringSelectMenuInteraction): Promise<void> {
  const action = parseSelectId(interaction.customId);
  // The voter's language, as for the 👎 that showed this menu (handlers/button.ts).
  const lang = ctx.userLangs.get(interaction.user.id) ?? action?.lang ?? uiLangFromLocale(interaction.locale) ?? 'en';
  const log = interactionLogger(ctx, interaction, { select: interaction.customId.slice(0, 100) });
  await withBoundary(interaction, lang, log, ctx.now, async () => {
    if (!action) throw userErrors.badButton(interaction.customId);
    notShuttingDown(ctx, interaction);
    return reasonSelected(ctx, interaction, action.answerKey, lang);
  });
}
