/**
 * Translation coverage on an English→Arabic question set, before (or beside) any retriever:
 * for each question, how much of its translated query appears in its gold Arabic passage.
 *
 *   node --import tsx tools/eval/translationCoverage.ts \
 *     [QUERIES.jsonl (default ../shared/data/xquad-dev/queries.en.jsonl)] [CORPUS.jsonl] [--show N]
 *
 * Matching is substring matching after a simple normalization (diacritics and tatweel removed,
 * أإآ→ا, ى→ي, ة→ه) on both sides. A second figure also lets an alternative match without its
 * article (ال), as a stemmer would.
 * Not a test (slow-ish, needs the data); run it by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireInputs, sharedDataDir } from '../sharedData.ts';
import { loadDictionary } from '../../src/crosslingual/dictionary.ts';
import { translateQuery, type TranslatedTerm } from '../../src/crosslingual/translate.ts';

function normalizeArabic(text: string): string {
  return text
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .toLowerCase();
}

function loose(alternative: string): string {
  return alternative
    .split(' ')
    .map((word) => (word.length > 4 ? word.replace(/^ال/, '') : word))
    .join(' ');
}

const args = process.argv.slice(2);
const showIndex = args.indexOf('--show');
const show = showIndex >= 0 ? Number(args[showIndex + 1]) : 0;
const files = args.filter((arg, index) => !arg.startsWith('--') && (showIndex < 0 || index !== showIndex + 1));
const queriesFile = files[0] ?? path.join(sharedDataDir, 'xquad-dev/queries.en.jsonl');
const corpusFile = files[1] ?? path.join(sharedDataDir, 'xquad-dev/corpus.jsonl');
try {
  requireInputs('the question set', 'the first two arguments', queriesFile, corpusFile);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const dictionary = await loadDictionary(process.env.DICTIONARY_PATH ?? null);
if (!dictionary) {
  console.error('No English–Arabic dictionary: sudo apt-get install dict-freedict-eng-ara');
  process.exit(1);
}
const passages = new Map<string, string>();
for (const line of readFileSync(corpusFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const record = JSON.parse(line) as { id: string; title?: string; text: string };
  passages.set(record.id, normalizeArabic(`${record.title ?? ''} ${record.text}`));
}

interface Totals {
  questions: number;
  alternatives: number;
  groups: number;
  weighted: number;
  groupsLoose: number;
}
const all: Totals = { questions: 0, alternatives: 0, groups: 0, weighted: 0, groupsLoose: 0 };
const byKind = new Map<TranslatedTerm['kind'], { groups: number; hit: number }>();
let noGroups = 0;
let untranslated = 0;
const misses: string[] = [];

for (const line of readFileSync(queriesFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const query = JSON.parse(line) as { question: string; gold: string[] };
  const gold = query.gold.map((id) => passages.get(id) ?? '').join(' ');
  const translated = translateQuery(query.question, dictionary);
  untranslated += translated.untranslated.length;
  // Latin groups hold the English form itself: not a translation, left out of the figures.
  const groups = translated.groups.filter((group) => group.kind !== 'latin');
  if (!groups.length) {
    noGroups++;
    continue;
  }
  let alternativesHit = 0;
  let alternativesTotal = 0;
  let groupsHit = 0;
  let groupsLooseHit = 0;
  let weighted = 0;
  for (const group of groups) {
    let hit = false;
    let looseHit = false;
    for (const { arabic, weight } of group.alternatives) {
      const normalized = normalizeArabic(arabic);
      alternativesTotal++;
      if (gold.includes(normalized)) {
        alternativesHit++;
        weighted += weight;
        hit = true;
      }
      if (gold.includes(loose(normalized))) looseHit = true;
    }
    if (hit) groupsHit++;
    if (hit || looseHit) groupsLooseHit++;
    const kind = byKind.get(group.kind) ?? { groups: 0, hit: 0 };
    kind.groups++;
    if (hit || looseHit) kind.hit++;
    byKind.set(group.kind, kind);
    if (!hit && !looseHit && misses.length < show) {
      misses.push(`${query.question}\n    ${group.kind} ${group.english}: ${group.alternatives.map((a) => a.arabic).join(' | ')}`);
    }
  }
  all.questions++;
  all.alternatives += alternativesHit / alternativesTotal;
  all.groups += groupsHit / groups.length;
  all.groupsLoose += groupsLooseHit / groups.length;
  all.weighted += weighted / groups.length;
}

const percent = (value: number): string => `${((100 * value) / all.questions).toFixed(1)}%`;
console.log(`questions: ${all.questions} (+${noGroups} with no translatable word); untranslated words: ${untranslated}`);
console.log(`alternatives found in the gold passage (mean per question): ${percent(all.alternatives)}`);
console.log(`groups with ≥1 alternative in the gold passage:           ${percent(all.groups)}`);
console.log(`  … letting ال / prefixes go (stemmer-like):               ${percent(all.groupsLoose)}`);
console.log(`weight found per group (weights sum to 1 per group):       ${percent(all.weighted)}`);
for (const [kind, { groups, hit }] of byKind)
  console.log(`  ${kind.padEnd(10)} groups ${String(groups).padStart(4)}  found ${((100 * hit) / groups).toFixed(1)}%`);
if (misses.length) console.log(`\nmisses:\n${misses.join('\n')}`);
