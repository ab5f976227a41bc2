/**
 * /source id:<passage or document id> with autocomplete, and the "Full passage" button. /source is
 * public like /ask, under the same rules: rate limited (a precondition), private outside
 * ALLOWED_CHANNEL_IDS or where the bot may not post, plain text where it may not embed links.
 */
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { argumentsOf, SourceCommand } from '../commands.ts';
import { FSI, LIMITS, PDI, truncate } from '../format.ts';
import type { UiLang } from '../i18n.ts';
import { neutralizeText } from '../input.ts';
import { interactionPresentation, present } from '../presentation.ts';
import { OPENING_CHARS, renderDocument, renderPassage, type OutgoingMessage } from '../render.ts';
import { respond } from '../respond.ts';
import { userErrors } from '../userErrors.ts';
import type { DocumentInfo } from '../../types.ts';

/** A passage id first (answers show those), then a document id. */
function lookUpSource(ctx: BotContext, id: string, lang: UiLang): OutgoingMessage[] {
  const passage = ctx.engine.getPassage(id);
  if (passage) return renderPassage(passage, lang);
  const document = ctx.engine.getDocument(id);
  if (document) return renderDocument(document, ctx.engine.getDocumentOpening(id, OPENING_CHARS) ?? '', lang);
  throw userErrors.unknownSource(id);
}

export async function sourceCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  const id = neutralizeText(argumentsOf(SourceCommand, interaction).id);
  const presentation = interactionPresentation(ctx, interaction, lang);
  await respond(interaction, present(lookUpSource(ctx, id, lang), presentation), { private: presentation.private });
}

export async function fullPassageButton(ctx: BotContext, interaction: ButtonInteraction, passageId: string, lang: UiLang): Promise<void> {
  const view = ctx.engine.getPassage(passageId);
  if (!view) throw userErrors.unknownSource(passageId);
  const { plainText } = interactionPresentation(ctx, interaction, lang);
  await respond(interaction, present(renderPassage(view, lang), { plainText, notice: null }), { private: true });
}

/** "Title · id" within the 100 characters of a choice name; the title isolated from the id. */
function choiceName(document: DocumentInfo): string {
  const idPart = document.docId.length <= 40 ? ` · ${document.docId}` : '';
  return `${FSI}${truncate(document.title, LIMITS.choiceName - idPart.length - 2)}${PDI}${idPart}`;
}

export async function sourceAutocomplete(ctx: BotContext, interaction: AutocompleteInteraction): Promise<void> {
  const query = neutralizeText(String(interaction.options.getFocused())).slice(0, 100);
  const choices: Array<{ name: string; value: string }> = [];
  const passage = query ? ctx.engine.getPassage(query) : undefined;
  if (passage) choices.push({ name: truncate(`${passage.passageId} · ${passage.document.title}`, LIMITS.choiceName), value: passage.passageId });
  for (const document of ctx.engine.suggestDocuments(query, LIMITS.choices)) {
    // A value longer than Discord allows could not be sent back: such a document is typed by id.
    if (document.docId.length > LIMITS.choiceValue || choices.some((c) => c.value === document.docId)) continue;
    choices.push({ name: choiceName(document), value: document.docId });
  }
  await interaction.respond(choices.slice(0, LIMITS.choices));
}
