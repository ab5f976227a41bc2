/**
 * Normalized form of Arabic (and Latin) text, for MATCHING only. The original text is never
 * altered; `normalizeWithMap` lets callers map any match back to an exact slice of it.
 *
 * Rules, composed in this order (the same order as Lucene's ArabicNormalizer, with presentation
 * forms first):
 *  1. Presentation forms (U+FB50–FDFF, U+FE70–FEFE) → their compatibility decomposition (NFKC),
 *     e.g. ﻻ → لا, ﷲ → الله. First, because the letters a ligature expands to must go through
 *     every later rule (ﻷ → لأ → لا); a spacing haraka form (ﹰ) decomposes to space + mark and is
 *     dropped entirely.
 *  2. Removal of marks that are not letters (isArabicMark: harakat U+064B–U+065F, superscript
 *     alef U+0670, Quranic annotation marks U+06D6–U+06ED), tatweel U+0640, zero-width and bidi
 *     controls (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+061C, U+FEFF) and the soft hyphen
 *     U+00AD (PDF extraction leaves it inside words). Before letter folding so that a decomposed
 *     hamza (ا + U+0654) folds the same way as the precomposed أ.
 *  3. Letter folding (foldArabicLetter: أ إ آ ٱ ٲ ٳ → ا; ى ی → ي; ة → ه; ک → ك; the reasons are
 *     given there). Hamza on waw/yeh (ؤ ئ) and lone hamza (ء) are kept.
 *  4. Digits: Arabic-Indic ٠–٩ and Persian ۰–۹ → 0–9.
 *  5. Lowercase, for every cased letter whose lowercase is a single UTF-16 unit (Latin, and
 *     harmlessly Greek and Cyrillic), so `normalizeWithMap` stays one output unit per input unit
 *     except for ligatures.
 *
 * Every rule maps one UTF-16 unit to zero, one or (rule 1) several units, independent of its
 * neighbours, so all rules are folded at load time into one lookup table and applied in a
 * single pass. The character classes and the folding are arabic.ts's, shared with the other filters.
 */
import { arabicDigitValue, foldArabicLetter, isArabicMark, isArabicPresentationForm, TATWEEL } from './arabic.ts';

/** `TABLE[c]` ≥ 0: replacement unit; DELETE: drop; EXPAND: see EXPANSIONS. */
const DELETE = -1;
const EXPAND = -2;
const TABLE = new Int32Array(0x10000);
const EXPANSIONS = new Map<number, string>();

function isRemovedMark(c: number): boolean {
  return (
    isArabicMark(c) ||
    c === TATWEEL ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0x061c ||
    c === 0xfeff ||
    c === 0x00ad
  );
}

/** Rules 2–5 for one unit that is not a presentation form. */
function baseRule(c: number): number {
  if (isRemovedMark(c)) return DELETE;
  const folded = foldArabicLetter(c);
  if (folded !== c) return folded;
  const digit = arabicDigitValue(c);
  if (digit >= 0) return 0x30 + digit;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff)) return c;
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

function applyBaseRules(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const mapped = baseRule(s.charCodeAt(i));
    if (mapped !== DELETE) out += String.fromCharCode(mapped);
  }
  return out;
}

for (let c = 0; c < 0x10000; c++) {
  if (!isArabicPresentationForm(c)) {
    TABLE[c] = baseRule(c);
    continue;
  }
  const decomposed = String.fromCharCode(c).normalize('NFKC');
  if (decomposed === String.fromCharCode(c)) {
    // Unassigned code points and forms without a decomposition (e.g. ﷽) stay as they are.
    TABLE[c] = c;
    continue;
  }
  let expanded = applyBaseRules(decomposed);
  // Spacing harakat forms (U+FE70–FE7F) decompose to space + mark: nothing of them is a word.
  if (expanded.trim() === '') expanded = '';
  if (expanded.length === 0) TABLE[c] = DELETE;
  else if (expanded.length === 1) TABLE[c] = expanded.charCodeAt(0);
  else {
    TABLE[c] = EXPAND;
    EXPANSIONS.set(c, expanded);
  }
}

/** Largest number of units one input unit can expand to (ﷺ is the longest). */
let MAX_EXPANSION = 1;
for (const expansion of EXPANSIONS.values()) MAX_EXPANSION = Math.max(MAX_EXPANSION, expansion.length);

const DECODE_CHUNK = 8192;

function unitsToString(units: Uint16Array, length: number): string {
  // fromCharCode.apply on bounded chunks: spreading a whole article would risk the argument limit.
  if (length <= DECODE_CHUNK) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let out = '';
  for (let start = 0; start < length; start += DECODE_CHUNK) {
    const end = Math.min(length, start + DECODE_CHUNK);
    out += String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  }
  return out;
}

/** Index of the first unit that the table would change, or -1 (most Latin text, some Arabic). */
function firstChange(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (TABLE[c] !== c) return i;
  }
  return -1;
}

let scratchUnits = new Uint16Array(1024);
let scratchMap = new Int32Array(1025);

function ensureScratch(capacity: number): void {
  if (scratchUnits.length < capacity) {
    const size = Math.max(capacity, scratchUnits.length * 2);
    scratchUnits = new Uint16Array(size);
    scratchMap = new Int32Array(size + 1);
  }
}

/** Shared single pass; writes the map only when asked, so `normalizeArabic` pays nothing for it. */
function run(text: string, withMap: boolean): { text: string; map: Int32Array | null } {
  const length = text.length;
  const first = firstChange(text);
  if (first < 0) {
    if (!withMap) return { text, map: null };
    const identity = new Int32Array(length + 1);
    for (let i = 0; i <= length; i++) identity[i] = i;
    return { text, map: identity };
  }
  ensureScratch(length + 16);
  let units = scratchUnits;
  let map = scratchMap;
  let out = 0;
  for (let i = 0; i < first; i++) {
    units[i] = text.charCodeAt(i);
    if (withMap) map[i] = i;
  }
  out = first;
  for (let i = first; i < length; i++) {
    const c = text.charCodeAt(i);
    const mapped = TABLE[c]!;
    if (mapped >= 0) {
      units[out] = mapped;
      if (withMap) map[out] = i;
      out++;
    } else if (mapped === EXPAND) {
      // Room for this expansion and every later unit mapped 1:1; only ligatures can outgrow it.
      const needed = out + MAX_EXPANSION + (length - i) + 1;
      if (needed > units.length) {
        ensureScratch(needed);
        scratchUnits.set(units.subarray(0, out));
        scratchMap.set(map.subarray(0, out));
        units = scratchUnits;
        map = scratchMap;
      }
      const expansion = EXPANSIONS.get(c)!;
      for (let k = 0; k < expansion.length; k++) {
        units[out] = expansion.charCodeAt(k);
        if (withMap) map[out] = i;
        out++;
      }
    }
    // DELETE: nothing written; the removed unit stays inside the previous unit's original slice.
  }
  const normalized = unitsToString(units, out);
  if (!withMap) return { text: normalized, map: null };
  const result = new Int32Array(out + 1);
  result.set(map.subarray(0, out));
  result[out] = length;
  return { text: normalized, map: result };
}

/** The matching form of `text` (see the module comment for the rules and their order). */
export function normalizeArabic(text: string): string {
  return run(text, false).text;
}

/**
 * `normalizeArabic(text)` plus `map`: `map[i]` is the offset in `text` of the unit that produced
 * normalized unit i, and `map[normalized.length] === text.length`. `map` never decreases; it
 * repeats a value only across the units a ligature expanded to. Use `originalSpan` to turn a
 * normalized range into an original slice.
 */
export function normalizeWithMap(text: string): { text: string; map: Int32Array } {
  const result = run(text, true);
  return { text: result.text, map: result.map! };
}

/**
 * The original slice [start, end) that normalized range [normalizedStart, normalizedEnd) came
 * from. Removed marks after a unit belong to that unit's slice; a range that ends inside a
 * ligature's expansion is widened to the whole ligature, so the slice never loses source text.
 */
export function originalSpan(map: Int32Array, normalizedStart: number, normalizedEnd: number): { start: number; end: number } {
  const start = map[normalizedStart]!;
  let endIndex = normalizedEnd;
  if (endIndex > normalizedStart) {
    const last = map[endIndex - 1]!;
    while (endIndex < map.length - 1 && map[endIndex] === last) endIndex++;
  }
  return { start, end: map[endIndex]! };
}
