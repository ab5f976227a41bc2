/** Dispatcher for button presses: custom_ids are parsed and validated before anything runs. */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { parseCustomId, type ButtonAction } from '../customIds.ts';
import { uiLangFromLocale, type UiLang } from '../i18n.ts';
import { moreResultsButton } from '../functions/ask.ts';
import { voteButton } from '../functions/feedback.ts';
import { fullPassageButton } from '../functions/source.ts';
import { sourcesButton } from '../functions/sources.ts';
import { userErrors } from '../userErrors.ts';
import { interactionLogger, withBoundary } from './boundary.ts';
import { indexReady, notShuttingDown, rateLimited } from './preconditions.ts';

/**
 * A vote is acknowledged in the voter's own language (their last question's), else in the answer's;
 * other buttons answer in the language of the message they are on.
 */
function buttonLang(ctx: BotContext, interaction: ButtonInteraction, action: ButtonAction | null): UiLang {
  if (action?.kind === 'vote') return ctx.userLangs.get(interaction.user.id) ?? action.lang;
  return (
    (action && action.kind !== 'more' ? action.lang : undefined) ??
    (action?.kind === 'more' ? ctx.questions.get(action.questionKey)?.lang : undefined) ??
    ctx.userLangs.get(interaction.user.id) ??
    uiLangFromLocale(interaction.locale) ??
    'en'
  );
}

export async function handleButton(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const lang = buttonLang(ctx, interaction, action);
  const log = interactionLogger(ctx, interaction, { button: interaction.customId.slice(0, 100) });
  await withBoundary(interaction, lang, log, ctx.now, async () => {
    if (!action) throw userErrors.badButton(interaction.customId);
    notShuttingDown(ctx, interaction);
    switch (action.kind) {
      case 'more':
        indexReady(ctx, interaction);
        rateLimited(ctx, interaction);
        return moreResultsButton(ctx, interaction, action.offset, action.questionKey, lang);
      case 'full':
        indexReady(ctx, interaction);
        return fullPassageButton(ctx, interaction, action.passageId, action.lang);
      case 'sources':
        return sourcesButton(ctx, interaction, action.page, action.lang);
      case 'vote':
        return voteButton(ctx, interaction, action.value, action.answerKey, lang);
    }
  });
}
