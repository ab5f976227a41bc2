/**
 * English→Arabic bilingual dictionary for dictionary-based cross-language retrieval.
 *
 * The data is NOT part of this repository (FreeDict eng-ara is GPL): it is read at run time from
 * where the Debian package `dict-freedict-eng-ara` installs it, or from DICTIONARY_PATH. FreeDict's
 * Arabic→English dictionary (`dict-freedict-ara-eng`), when it is installed beside it, is read
 * inverted (English sense → Arabic headword) and searched after it: it knows news words eng-ara
 * lacks or gives only in another sense (year → عام, die → توفي).
 *
 * Supported formats:
 * - dictd (`.index` + `.dict.dz` or `.dict`): the index is parsed eagerly into a Map (≈90k lines,
 *   a few hundred milliseconds at most); entries are decoded lazily on lookup and cached.
 * - FreeDict TEI XML (`.tei`/`.xml`): parsed once with a small tag scanner (no XML dependency).
 *
 * The FreeDict eng-ara dictd entry layout (as shipped in Debian, 0.6.3) is:
 *   "Headword /ipa/\n1. ترجمة\n2. ترجمة أخرى\n"   (numbering only when there are several senses)
 * Headwords in the index are lower-case and have hyphens removed ("able-bodied" → "ablebodied").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TimeSlices } from '../util/timeSlices.ts';
import { GLOSSARY } from './glossary.ts';

export interface Dictionary {
  /**
   * Resolves once every part is loaded. A part that takes long (the inverted ara-eng dictionary)
   * loads in the background and answers nothing until then; the eval and the tests wait for it.
   */
  readonly ready?: Promise<void>;
  /** Arabic translations, best first, diacritics kept as in source. Empty when unknown. */
  lookup(headword: string): string[];
  has(headword: string): boolean;
  /** Number of distinct headwords. */
  readonly size: number;
  /** The longest multi-word headword, in words (for greedy matching of multi-word entries). */
  readonly maxEntryWords: number;
}

export interface LoadDictionaryOptions {
  /**
   * Put the built-in glossary of common news vocabulary and multi-word terms (glossary.ts) in front of the
   * file's entries. Default true; tests of the file parser turn it off.
   */
  glossary?: boolean;
  /** Add the inverted Arabic→English dictionary when one is installed. Default true. */
  reverse?: boolean;
}

/** Where Debian's dict-freedict-eng-ara puts its files (without extension). */
export const DEBIAN_DICTIONARY_BASE = '/usr/share/dictd/freedict-eng-ara';
/** The Arabic→English dictionary's name beside it (dict-freedict-ara-eng). */
const REVERSE_DICTIONARY_NAME = 'freedict-ara-eng';

/** DICTIONARY_PATH value that turns the dictionary off (English questions matched word for word). */
const DICTIONARY_OFF = 'off';

/** The one line shown with English answers (and at start-up) when no dictionary is loaded. */
export const MISSING_DICTIONARY_NOTICE =
  'No English–Arabic dictionary: English questions are matched word for word (install one with: sudo apt-get install dict-freedict-eng-ara).';

/**
 * Canonical key for headwords and queries: lower case, accents folded (déjà → deja), hyphens and
 * apostrophes removed (FreeDict's index does the same to hyphens), whitespace collapsed.
 */
export function headwordKey(text: string): string {
  // Nearly every index headword is already a key; this check keeps loading fast.
  if (/^[a-z0-9]+(?: [a-z0-9]+)*$/.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-‐‑–'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function wordCount(key: string): number {
  return key ? key.split(' ').length : 0;
}

// ---------------------------------------------------------------------------------------------
// dictd

/** dictd encodes offsets and lengths in base64 digits, most significant first. */
const DICTD_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DICTD_DIGIT = new Int8Array(128).fill(-1);
for (let value = 0; value < DICTD_BASE64.length; value++) DICTD_DIGIT[DICTD_BASE64.charCodeAt(value)] = value;

export function decodeDictdNumber(text: string): number {
  if (!text) return Number.NaN;
  let value = 0;
  for (let at = 0; at < text.length; at++) {
    const digit = DICTD_DIGIT[text.charCodeAt(at)] ?? -1;
    if (digit < 0) return Number.NaN;
    value = value * 64 + digit;
  }
  return value;
}

/**
 * Translations of one dictd entry: every line after the headword line, with sense numbering
 * ("2. ") removed. The headword line is recognised by its /ipa/ part or by repeating the headword.
 */
export function parseDictdEntry(entry: string): string[] {
  const lines = entry.split('\n').map((line) => line.trim());
  let start = 0;
  const first = lines[0] ?? '';
  if (/\/[^/]*\/\s*$/.test(first) || /^[\p{Script=Latin}\d\s.'’-]+$/u.test(first)) start = 1;
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    const text = line.replace(/^\d+\.\s*/, '').trim();
    if (text && /\p{Script=Arabic}/u.test(text)) out.push(text);
  }
  return out;
}

/**
 * Where each headword's entries lie in the uncompressed data. One entry per headword is the rule
 * (231 of 87k headwords have two), so locations are packed into one number (offset·2¹⁶ + length)
 * and the rare extra entries kept aside: this halves loading time against a Map of arrays.
 */
interface DictdIndex {
  first: Map<string, number>;
  extra: Map<string, number[]>;
}

const LENGTH_SLOTS = 65536;

class DictdDictionary implements Dictionary {
  readonly size: number;
  readonly maxEntryWords: number;
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly index: DictdIndex,
    private readonly data: Buffer,
  ) {
    this.size = index.first.size;
    let longest = 1;
    for (const key of index.first.keys()) if (key.includes(' ')) longest = Math.max(longest, wordCount(key));
    this.maxEntryWords = longest;
  }

  has(headword: string): boolean {
    return this.index.first.has(headwordKey(headword));
  }

  lookup(headword: string): string[] {
    const key = headwordKey(headword);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const first = this.index.first.get(key);
    const out: string[] = [];
    if (first !== undefined) {
      for (const packed of [first, ...(this.index.extra.get(key) ?? [])]) {
        const offset = Math.floor(packed / LENGTH_SLOTS);
        const entry = this.data.subarray(offset, offset + (packed % LENGTH_SLOTS)).toString('utf8');
        for (const translation of parseDictdEntry(entry)) if (!out.includes(translation)) out.push(translation);
      }
    }
    this.cache.set(key, out);
    return out;
  }
}

function parseDictdIndex(indexText: string, dataLength: number): DictdIndex {
  const first = new Map<string, number>();
  const extra = new Map<string, number[]>();
  let lineStart = 0;
  while (lineStart < indexText.length) {
    let lineEnd = indexText.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = indexText.length;
    const tab1 = indexText.indexOf('\t', lineStart);
    const tab2 = tab1 < 0 ? -1 : indexText.indexOf('\t', tab1 + 1);
    const start = lineStart;
    lineStart = lineEnd + 1;
    if (tab1 < 0 || tab2 < 0 || tab2 > lineEnd) continue;
    const headword = indexText.slice(start, tab1);
    // dictd's own metadata entries (00databaseinfo, 00-database-url, …) are not words.
    if (headword.startsWith('00database') || headword.startsWith('00-database')) continue;
    const offset = decodeDictdNumber(indexText.slice(tab1 + 1, tab2));
    const length = decodeDictdNumber(indexText.slice(tab2 + 1, lineEnd).trimEnd());
    if (!(offset >= 0) || !(length > 0) || length >= LENGTH_SLOTS || offset + length > dataLength) continue;
    const key = headwordKey(headword);
    if (!key) continue;
    const packed = offset * LENGTH_SLOTS + length;
    if (!first.has(key)) first.set(key, packed);
    else {
      const list = extra.get(key);
      if (list) list.push(packed);
      else extra.set(key, [packed]);
    }
  }
  return { first, extra };
}

function loadDictd(indexPath: string, dataPath: string): Dictionary {
  const raw = readFileSync(dataPath);
  // dictzip is gzip with an extra header field: gunzip reads the whole file in one go.
  const data = dataPath.endsWith('.dz') || (raw[0] === 0x1f && raw[1] === 0x8b) ? gunzipSync(raw) : raw;
  return new DictdDictionary(parseDictdIndex(readFileSync(indexPath, 'utf8'), data.length), data);
}

// ---------------------------------------------------------------------------------------------
// Arabic→English, inverted

/** Longest English sense kept as a key, in words: longer ones are definitions. */
const MAX_REVERSE_SENSE_WORDS = 3;
/** Arabic headwords kept per English key, best first. */
const MAX_REVERSE_TRANSLATIONS = 4;

/**
 * The English senses of one ara-eng dictd entry ("المدينة /ʔalmadˈiːna/\n1. Burg\n2. City\n"):
 * its Arabic headword and the sense lines as lower-case keys (a leading "to " dropped, lists split).
 */
export function parseReverseEntry(entry: string): { arabic: string; senses: string[] } | null {
  const lines = entry.split('\n');
  const first = lines[0] ?? '';
  const ipa = first.indexOf(' /');
  const arabic = (ipa >= 0 ? first.slice(0, ipa) : first).trim();
  if (!arabic || arabic.charCodeAt(0) < 0x0600 || arabic.charCodeAt(0) > 0x06ff) return null;
  const senses: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(SENSE_NUMBER, '').toLowerCase();
    for (let piece of line.split(SENSE_SEPARATORS)) {
      if (piece.includes('(')) piece = piece.replace(PARENTHESES, ' ');
      piece = piece.trim();
      if (piece.startsWith('to ')) piece = piece.slice(3);
      const key = headwordKey(piece);
      if (key && key.charCodeAt(0) >= 0x61 && key.charCodeAt(0) <= 0x7a && wordCount(key) <= MAX_REVERSE_SENSE_WORDS && !senses.includes(key)) senses.push(key);
    }
  }
  return { arabic, senses };
}

const SENSE_NUMBER = /^\s*\d+\.\s*/;
const SENSE_SEPARATORS = /[,;]/;
const PARENTHESES = /\([^)]*\)/g;

/**
 * English key → Arabic headwords, from every entry of an ara-eng dictionary. An Arabic word whose
 * entry lists the key early, among few senses, ranks first: الإدارة lists eighteen English words
 * (administration … circling, gyrating), and is a weak translation of each.
 */
export function invertEntries(entries: Iterable<{ arabic: string; senses: readonly string[] }>): Map<string, string[]> {
  const scored = new Map<string, Array<{ arabic: string; score: number }>>();
  for (const { arabic, senses } of entries) {
    const spread = Math.sqrt(senses.length);
    for (let position = 0; position < senses.length; position++) {
      const key = senses[position]!;
      const entry = { arabic, score: 0.7 ** position / spread };
      const list = scored.get(key);
      if (list) list.push(entry);
      else scored.set(key, [entry]);
    }
  }
  const out = new Map<string, string[]>();
  for (const [key, list] of scored) {
    if (list.length > 1) list.sort((a, b) => b.score - a.score);
    out.set(
      key,
      list.slice(0, MAX_REVERSE_TRANSLATIONS).map((entry) => entry.arabic),
    );
  }
  return out;
}

/**
 * Reads and inverts an ara-eng dictd dictionary. ~50k entries take about a second of parsing, so
 * the work gives way to the event loop between slices (util/timeSlices.ts): a bot loading it at
 * start-up keeps answering meanwhile.
 */
async function loadReverseDictd(indexPath: string, dataPath: string): Promise<Dictionary> {
  const raw = readFileSync(dataPath);
  const data = dataPath.endsWith('.dz') || (raw[0] === 0x1f && raw[1] === 0x8b) ? gunzipSync(raw) : raw;
  const index = parseDictdIndex(readFileSync(indexPath, 'utf8'), data.length);
  const entries: Array<{ arabic: string; senses: string[] }> = [];
  const slices = new TimeSlices();
  for (const packed of [...index.first.values(), ...[...index.extra.values()].flat()]) {
    const offset = Math.floor(packed / LENGTH_SLOTS);
    const entry = parseReverseEntry(data.subarray(offset, offset + (packed % LENGTH_SLOTS)).toString('utf8'));
    if (entry?.senses.length) entries.push(entry);
    if (slices.due) await slices.yield();
  }
  return new MapDictionary(invertEntries(entries));
}

// ---------------------------------------------------------------------------------------------
// TEI

class MapDictionary implements Dictionary {
  readonly size: number;
  readonly maxEntryWords: number;
  constructor(private readonly entries: ReadonlyMap<string, string[]>) {
    this.size = entries.size;
    let longest = 1;
    for (const key of entries.keys()) longest = Math.max(longest, wordCount(key));
    this.maxEntryWords = longest;
  }
  has(headword: string): boolean {
    return this.entries.has(headwordKey(headword));
  }
  lookup(headword: string): string[] {
    return this.entries.get(headwordKey(headword)) ?? [];
  }
}

/** An in-memory dictionary from headword → translations (used by the glossary and by tests). */
export function createMapDictionary(entries: Iterable<readonly [string, readonly string[]]>): Dictionary {
  const map = new Map<string, string[]>();
  for (const [headword, translations] of entries) {
    const key = headwordKey(headword);
    if (!key) continue;
    const list = map.get(key) ?? [];
    for (const translation of translations) if (translation && !list.includes(translation)) list.push(translation);
    map.set(key, list);
  }
  return new MapDictionary(map);
}

function decodeXmlText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .trim();
}

/** FreeDict TEI: <entry><form><orth>word</orth></form> … <cit type="trans"><quote>ترجمة</quote></cit> … </entry>. */
export function parseTei(xml: string): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  for (const match of xml.matchAll(/<entry\b[^>]*>([\s\S]*?)<\/entry>/g)) {
    const body = match[1] ?? '';
    const orth = /<orth\b[^>]*>([\s\S]*?)<\/orth>/.exec(body);
    if (!orth?.[1]) continue;
    const headword = decodeXmlText(orth[1]);
    const translations: string[] = [];
    for (const cit of body.matchAll(/<cit\b[^>]*type="trans"[^>]*>([\s\S]*?)<\/cit>/g)) {
      for (const quote of (cit[1] ?? '').matchAll(/<quote\b[^>]*>([\s\S]*?)<\/quote>/g)) {
        const text = decodeXmlText(quote[1] ?? '');
        if (text) translations.push(text);
      }
    }
    if (headword && translations.length) out.push([headword, translations]);
  }
  return out;
}

function loadTei(filePath: string): Dictionary {
  return createMapDictionary(parseTei(readFileSync(filePath, 'utf8')));
}

// ---------------------------------------------------------------------------------------------
// Combining and locating

/** Several dictionaries as one: lookups concatenate, earlier dictionaries first, without repeats. */
export function combineDictionaries(...dictionaries: Dictionary[]): Dictionary {
  const waiting = dictionaries.map((dictionary) => dictionary.ready).filter((ready): ready is Promise<void> => !!ready);
  return {
    ...(waiting.length ? { ready: Promise.all(waiting).then(() => {}) } : {}),
    get size() {
      return dictionaries.reduce((sum, dictionary) => sum + dictionary.size, 0);
    },
    maxEntryWords: Math.max(1, ...dictionaries.map((dictionary) => dictionary.maxEntryWords)),
    has: (headword) => dictionaries.some((dictionary) => dictionary.has(headword)),
    lookup: (headword) => {
      const out: string[] = [];
      for (const dictionary of dictionaries) {
        for (const translation of dictionary.lookup(headword)) if (!out.includes(translation)) out.push(translation);
      }
      return out;
    },
  };
}

type Source = { kind: 'dictd'; index: string; data: string } | { kind: 'tei'; file: string };

function isFile(filePath: string): boolean {
  try {
    return statSync(filePath).isFile();
  } catch {
    return false;
  }
}

function dictdAt(base: string): Extract<Source, { kind: 'dictd' }> | null {
  const index = `${base}.index`;
  if (!isFile(index)) return null;
  for (const data of [`${base}.dict.dz`, `${base}.dict`]) if (isFile(data)) return { kind: 'dictd', index, data };
  return null;
}

/** Accepts a .index/.dict/.dict.dz/.tei file, a path without extension, or a folder holding one. */
function resolveDictionarySource(candidate: string): Source | null {
  const resolved = path.resolve(candidate);
  if (/\.(tei|xml)$/i.test(resolved)) return isFile(resolved) ? { kind: 'tei', file: resolved } : null;
  const base = resolved.replace(/\.(index|dict\.dz|dict)$/i, '');
  const direct = dictdAt(base);
  if (direct) return direct;
  if (existsSync(resolved) && statSync(resolved).isDirectory()) {
    const inFolder = dictdAt(path.join(resolved, path.basename(DEBIAN_DICTIONARY_BASE)));
    if (inFolder) return inFolder;
    for (const name of ['eng-ara.tei', 'freedict-eng-ara.tei']) {
      const file = path.join(resolved, name);
      if (isFile(file)) return { kind: 'tei', file };
    }
  }
  return null;
}

/** The ara-eng dictionary beside an eng-ara source (in the same folder, as Debian installs them). */
function reverseSourceFor(source: Source): Extract<Source, { kind: 'dictd' }> | null {
  return dictdAt(path.join(path.dirname(source.kind === 'dictd' ? source.index : source.file), REVERSE_DICTIONARY_NAME));
}

const loaded = new Map<string, Dictionary>();
let glossaryDictionary: Dictionary | null = null;

/** The built-in glossary (glossary.ts) as a Dictionary. */
function createGlossaryDictionary(): Dictionary {
  glossaryDictionary ??= createMapDictionary(GLOSSARY);
  return glossaryDictionary;
}

function loadSource(source: Source): Dictionary {
  const key = source.kind === 'dictd' ? `dictd:${source.index}` : `tei:${source.file}`;
  let dictionary = loaded.get(key);
  if (!dictionary) {
    dictionary = source.kind === 'dictd' ? loadDictd(source.index, source.data) : loadTei(source.file);
    loaded.set(key, dictionary);
  }
  return dictionary;
}

const loadedReverse = new Map<string, Dictionary>();

/**
 * The inverted ara-eng dictionary, loading in the background: a second or more of parsing would
 * otherwise delay every start-up (the bot's cold start), for the few English words only it knows.
 * Until it is loaded it answers nothing; `ready` says when it is.
 */
function loadReverseSource(source: Extract<Source, { kind: 'dictd' }>): Dictionary {
  let dictionary = loadedReverse.get(source.index);
  if (!dictionary) {
    let loaded: Dictionary | null = null;
    const ready = loadReverseDictd(source.index, source.data).then(
      (built) => {
        loaded = built;
      },
      () => {}, // unreadable: eng-ara alone, as without the package
    );
    dictionary = {
      ready,
      get size() {
        return loaded?.size ?? 0;
      },
      maxEntryWords: MAX_REVERSE_SENSE_WORDS,
      has: (headword) => loaded?.has(headword) ?? false,
      lookup: (headword) => loaded?.lookup(headword) ?? [],
    };
    loadedReverse.set(source.index, dictionary);
  }
  return dictionary;
}

/**
 * The English→Arabic dictionary from explicitPath (DICTIONARY_PATH), else from the Debian package's
 * place, followed by the inverted Arabic→English one when it is installed beside it (as Debian
 * installs the two); null when no eng-ara dictionary exists or DICTIONARY_PATH is "off" (the caller
 * shows MISSING_DICTIONARY_NOTICE). Parsed once per process and cached.
 */
export async function loadDictionary(explicitPath?: string | null, options: LoadDictionaryOptions = {}): Promise<Dictionary | null> {
  if (explicitPath?.toLowerCase() === DICTIONARY_OFF) return null;
  const candidates = [explicitPath, DEBIAN_DICTIONARY_BASE].filter((value): value is string => !!value);
  for (const candidate of candidates) {
    const source = resolveDictionarySource(candidate);
    if (!source) continue;
    const reverseSource = options.reverse === false ? null : reverseSourceFor(source);
    const dictionaries = [loadSource(source), ...(reverseSource ? [loadReverseSource(reverseSource)] : [])];
    if (options.glossary !== false) dictionaries.unshift(createGlossaryDictionary());
    return dictionaries.length === 1 ? dictionaries[0]! : combineDictionaries(...dictionaries);
  }
  return null;
}
