/**
 * Answers in threads: what a thread opened on a question is named, and whether the bot may open one
 * and write in it. Thread mode opens a public thread on the question's message; a forum post is a
 * thread already. Either way the bot needs, in the channel: View Channel, Create Public Threads (to
 * open one) and Send Messages in Threads; without them a mention is answered by a reply instead.
 */
import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import { truncate } from './format.ts';
import { neutralizeText } from './input.ts';

/** Discord's longest channel (thread) name. */
export const THREAD_NAME_MAX = 100;

/**
 * Characters that mean something in messages (markdown, mentions, masked links, headings): a thread's
 * name is shown as plain text, but it is also quoted and copied, so it carries none of them. Discord's
 * own tokens (`<@…>`, `<#…>`, emoji) are gone already (neutralizeText).
 */
const MARKUP = /[\\*_~`|[\]<>@#]/g;

/** A thread name from a question: no mentions, markup or invisible characters, at most 100 characters, cut at a word. */
export function threadName(question: string, fallback: string): string {
  const plain = neutralizeText(question).replace(MARKUP, ' ').replace(/\s+/gu, ' ').trim();
  return plain ? truncate(plain, THREAD_NAME_MAX) : fallback;
}

/** The permissions (in the channel) that opening a thread on a message and answering in it need, by name. */
const THREAD_PERMISSIONS = ['ViewChannel', 'CreatePublicThreads', 'SendMessagesInThreads'] as const;

/** Those of them the bot lacks (none: it may open a thread and answer there). */
export function missingThreadPermissions(permissions: Readonly<PermissionsBitField> | null): string[] {
  if (!permissions) return [...THREAD_PERMISSIONS];
  return THREAD_PERMISSIONS.filter((name) => !permissions.has(PermissionFlagsBits[name]));
}
