/** /help: what the bot knows (documents, dates, model and mode) and how to ask, in both languages. */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import type { UiLang } from '../i18n.ts';
import { interactionPresentation, present } from '../presentation.ts';
import { renderHelp } from '../render.ts';
import { respond } from '../respond.ts';

export async function helpCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  const { plainText } = interactionPresentation(ctx, interaction, lang);
  await respond(interaction, present([renderHelp(ctx.engine.stats(), ctx.notices, lang)], { plainText, notice: null }), { private: true });
}
