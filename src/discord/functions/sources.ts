/** /sources [page]: the corpus's documents, a private paginated list. */
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { argumentsOf, SourcesCommand } from '../commands.ts';
import type { UiLang } from '../i18n.ts';
import { interactionPresentation, present } from '../presentation.ts';
import { renderSourcesPage } from '../render.ts';
import { respond, respondUpdate } from '../respond.ts';

export async function sourcesCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  const page = argumentsOf(SourcesCommand, interaction).page ?? 1;
  const { plainText } = interactionPresentation(ctx, interaction, lang);
  await respond(interaction, present([renderSourcesPage(ctx.engine.listDocuments(), page, lang)], { plainText, notice: null }), { private: true });
}

export async function sourcesButton(ctx: BotContext, interaction: ButtonInteraction, page: number, lang: UiLang): Promise<void> {
  const { plainText } = interactionPresentation(ctx, interaction, lang);
  await respondUpdate(interaction, present([renderSourcesPage(ctx.engine.listDocuments(), page, lang)], { plainText, notice: null }));
}
