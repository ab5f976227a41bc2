/**
 * Button custom_ids carry what the press needs, validated on the way in (anyone can send any
 * custom_id to an interaction endpoint, so nothing here is trusted):
 *   more:<offset>:<questionKey>   next/previous results; the question itself lives in a bounded
 *                                  in-memory LRU under questionKey (a hash), since it may not fit
 *                                  in the 100 characters a custom_id allows
 *   full:<lang>:<passageId>        the passage in full, privately
 *   sources:<page>:<lang>          a page of /sources
 *   vote:<up|down>:<lang>:<answerKey>  👍 / 👎 on a recorded answer (its key from the recorder; the
 *                                  language of the answer it sits under)
 * and the select menus':
 *   why:<lang>:<answerKey>          the reason for a 👎 (the value is checked against VOTE_REASONS)
 */
import { createHash } from 'node:crypto';
import { ANSWER_KEY_PATTERN } from '../data/answers.ts';
import type { VoteValue } from '../data/votes.ts';
import { LIMITS } from './format.ts';
import type { UiLang } from './i18n.ts';

export type ButtonAction =
  | { kind: 'more'; offset: number; questionKey: string }
  | { kind: 'full'; lang: UiLang; passageId: string }
  | { kind: 'sources'; page: number; lang: UiLang }
  | { kind: 'vote'; value: VoteValue; lang: UiLang; answerKey: string };

export type SelectAction = { kind: 'why'; lang: UiLang; answerKey: string };

/** Highest result offset "More results" pages to (the engine returns at most 10 per call). */
export const MAX_OFFSET = 50;
const MAX_SOURCES_PAGE = 10_000;

export function questionKey(question: string, k: number, lang: UiLang): string {
  return createHash('sha256').update(`${k}\u0000${lang}\u0000${question}`).digest('hex').slice(0, 16);
}

export function moreId(offset: number, key: string): string {
  return `more:${offset}:${key}`;
}

/** null when the passage id is too long for a custom_id: the button is then left out. */
export function fullId(lang: UiLang, passageId: string): string | null {
  const id = `full:${lang}:${passageId}`;
  return id.length <= LIMITS.customId ? id : null;
}

export function sourcesId(page: number, lang: UiLang): string {
  return `sources:${page}:${lang}`;
}

export function voteId(value: VoteValue, lang: UiLang, answerKey: string): string {
  return `vote:${value === 1 ? 'up' : 'down'}:${lang}:${answerKey}`;
}

export function whyId(lang: UiLang, answerKey: string): string {
  return `why:${lang}:${answerKey}`;
}

const LANG = '(ar|en)';

export function parseCustomId(customId: string): ButtonAction | null {
  if (customId.length > LIMITS.customId) return null;
  let match = /^more:(\d{1,3}):([0-9a-f]{16})$/.exec(customId);
  if (match) {
    const offset = Number(match[1]);
    return offset <= MAX_OFFSET ? { kind: 'more', offset, questionKey: match[2]! } : null;
  }
  match = new RegExp(`^full:${LANG}:([^\\s]{1,90})$`).exec(customId);
  if (match) return { kind: 'full', lang: match[1] as UiLang, passageId: match[2]! };
  match = new RegExp(`^sources:(\\d{1,5}):${LANG}$`).exec(customId);
  if (match) {
    const page = Number(match[1]);
    return page >= 1 && page <= MAX_SOURCES_PAGE ? { kind: 'sources', page, lang: match[2] as UiLang } : null;
  }
  match = new RegExp(`^vote:(up|down):${LANG}:(${ANSWER_KEY_PATTERN})$`).exec(customId);
  if (match) return { kind: 'vote', value: match[1] === 'up' ? 1 : -1, lang: match[2] as UiLang, answerKey: match[3]! };
  return null;
}

/** A select menu's custom_id, validated like a button's. */
export function parseSelectId(customId: string): SelectAction | null {
  const match = new RegExp(`^why:${LANG}:(${ANSWER_KEY_PATTERN})$`).exec(customId);
  return match ? { kind: 'why', lang: match[1] as UiLang, answerKey: match[2]! } : null;
}
