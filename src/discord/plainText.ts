/**
 * Messages without embeds, for channels where the bot may not embed links (Discord drops a bot's
 * embeds there, and the quotes live in embeds). Whatever the renderers made is turned into text, so
 * every renderer (answers, passages, documents, /sources, /help) has a plain version that follows
 * it: each embed becomes lines (the author and footer as subtext, the title and field names in
 * bold, the description, the field values) after the message's own content, and the lines are
 * packed into messages of at most 2,000 characters. A description longer than a message is cut at
 * sentence breaks (format.ts splitAtSentenceBreaks), or at spaces inside one long sentence, and bold
 * is closed before a cut and opened again after it, so each message is valid markdown on its own.
 * Escapes and direction isolates come from the renderers and are kept as they are.
 */
import type { APIEmbed } from 'discord.js';
import { LIMITS, splitAtSentenceBreaks } from './format.ts';
import type { OutgoingMessage } from './render.ts';

/** Room left in each message for what callers add to its content (a notice line, a mention). */
const RESERVED = 100;
const BUDGET = LIMITS.content - RESERVED;
const BOLD = '**';

/** Whether `text` leaves bold open: `**` toggles it, `\x` is an escaped character. */
function boldAfter(text: string): boolean {
  let bold = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(BOLD, i)) {
      bold = !bold;
      i++;
    }
  }
  return bold;
}

/** Where `text` may be cut at most `max` characters in: the last space, else a place that splits no escape, marker or surrogate pair. */
function cutPoint(text: string, max: number): number {
  const space = text.lastIndexOf(' ', max);
  if (space > max / 2) return space + 1;
  let cut = max;
  const unsafe = (at: number) => text[at - 1] === '\\' || (text[at - 1] === '*' && text[at] === '*') || /[\uD800-\uDBFF]/.test(text[at - 1] ?? '');
  while (cut > 1 && unsafe(cut)) cut--;
  return cut;
}

/** Pieces of rendered markdown of at most `budget` characters, each valid on its own (bold closed and reopened across cuts). */
export function splitMarkdown(text: string, budget: number = BUDGET): string[] {
  const units: string[] = [];
  for (const sentence of splitAtSentenceBreaks(text)) {
    let rest = sentence;
    while (rest.length > budget - 2 * BOLD.length) {
      const cut = cutPoint(rest, budget - 2 * BOLD.length);
      units.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (rest) units.push(rest);
  }
  const pieces: string[] = [];
  // A piece that continues bold starts with its own `**`, so each piece is read from "not bold".
  let current = '';
  const close = () => {
    if (!current.trim() || current === BOLD) return;
    const open = boldAfter(current);
    pieces.push(open ? `${current.trimEnd()}${BOLD}` : current.trimEnd());
    current = open ? BOLD : '';
  };
  for (const unit of units) {
    if (current.length + unit.length + BOLD.length > budget) close();
    // A piece starts with text, not the spaces after the previous piece's sentence.
    current += current === '' || current === BOLD ? unit.trimStart() : unit;
  }
  close();
  return pieces;
}

/** An embed as blocks of text, each within the budget. */
function embedBlocks(embed: APIEmbed): string[] {
  const blocks: string[] = [];
  if (embed.author?.name) blocks.push(`-# ${embed.author.name}`);
  if (embed.title) blocks.push(`${BOLD}${embed.title}${BOLD}`);
  if (embed.description?.trim() && embed.description !== '\u200b') blocks.push(...splitMarkdown(embed.description));
  for (const field of embed.fields ?? []) blocks.push(`${BOLD}${field.name}${BOLD}\n${field.value}`);
  if (embed.footer?.text) blocks.push(`-# ${embed.footer.text}`);
  return blocks;
}

/**
 * The same messages as plain text: content first, then every embed's text (an empty line between
 * two embeds), packed into as few messages as fit; the buttons stay on the first message.
 */
export function asPlainText(messages: readonly OutgoingMessage[]): OutgoingMessage[] {
  const blocks: string[] = [];
  for (const message of messages) {
    if (message.content) blocks.push(...splitMarkdown(message.content));
    for (const [index, embed] of (message.embeds ?? []).entries()) {
      const text = embedBlocks(embed);
      if (text.length && (index > 0 || blocks.length)) text[0] = `\n${text[0]}`;
      blocks.push(...text);
    }
  }
  const out: OutgoingMessage[] = [];
  let content = '';
  for (const block of blocks) {
    if (content && content.length + 1 + block.length > BUDGET) {
      out.push({ content, embeds: [], components: [] });
      content = block.replace(/^\n/, '');
    } else content = content ? `${content}\n${block}` : block.replace(/^\n/, '');
  }
  if (content || !out.length) out.push({ content: content || '…', embeds: [], components: [] });
  out[0]!.components = messages[0]?.components ?? [];
  return out;
}
