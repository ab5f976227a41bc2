/**
 * The eval's question sets: JSONL lines of `{"id", "question", "gold": [docId…], "answer"?, "split"?}`,
 * optionally gzipped. `gold: []` means the right answer is to abstain (off-topic questions); a
 * question whose gold documents are not in the searched corpus (one set asked of another corpus)
 * is not answerable there either.
 *
 * Each question belongs to a half, `tune` or `heldout`: ARCD's authors' split (train → tune,
 * test → heldout), offtopic.jsonl's own (tune / test), and for sets without a split field the
 * article split of sets/article-splits.json (xquad-dev, by the gold passage's article).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../src/cli/run.ts';

export interface QueryLine {
  id: string;
  question: string;
  gold: string[];
  answer?: string | null;
  /** The data set's own split, where it has one (`--split` filters on it). */
  split?: string;
}

export type Half = 'tune' | 'heldout';

/** A question with the set it came from (its file's name) and its half. */
export interface EvalQuery extends QueryLine {
  set: string;
  half: Half | null;
}

const ARTICLE_SPLITS = path.join(import.meta.dirname, 'sets', 'article-splits.json');

/** Article id → half, from sets/article-splits.json. */
function articleHalves(): Map<string, Half> {
  const splits = JSON.parse(readFileSync(ARTICLE_SPLITS, 'utf8')) as Record<Half, string[]>;
  const halves = new Map<string, Half>();
  for (const half of ['tune', 'heldout'] as const) for (const article of splits[half]) halves.set(article, half);
  return halves;
}

/** A passage id's article: the id without its trailing paragraph number (xquad-01-03 → xquad-01). */
function articleOf(docId: string): string {
  return docId.replace(/-\d+$/, '');
}

const SPLIT_HALVES: Record<string, Half> = { train: 'tune', tune: 'tune', test: 'heldout', heldout: 'heldout' };

export function halfOf(query: QueryLine, articles: ReadonlyMap<string, Half> = articleHalves()): Half | null {
  if (query.split) return SPLIT_HALVES[query.split] ?? null;
  const gold = query.gold[0];
  return gold ? (articles.get(articleOf(gold)) ?? null) : null;
}

export async function readQueries(file: string): Promise<EvalQuery[]> {
  let bytes: Buffer = await readFile(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  // The folder too: two data sets both name their questions queries.ar.jsonl.
  const set = `${path.basename(path.dirname(path.resolve(file)))}/${path.basename(file).replace(/\.jsonl(\.gz)?$/, '')}`;
  const articles = articleHalves();
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        const record = JSON.parse(line) as QueryLine;
        if (typeof record.question !== 'string' || !Array.isArray(record.gold)) throw new Error('missing question or gold');
        return { ...record, set, half: halfOf(record, articles) };
      } catch (error) {
        throw new UsageError(`${file}:${index + 1}: not a query line (${(error as Error).message})`);
      }
    });
}

/** The queries of one split and one half (all when none is named), then the first `limit` of them. */
export function selectQueries(queries: EvalQuery[], filter: { split?: string | undefined; half?: Half | undefined }, limit: number | undefined): EvalQuery[] {
  let selected = queries;
  if (filter.split) {
    selected = selected.filter((query) => query.split === filter.split);
    if (!selected.length) throw new UsageError(`no query has split "${filter.split}" (the field "split" of the queries file)`);
  }
  if (filter.half) {
    selected = selected.filter((query) => query.half === filter.half);
    if (!selected.length) throw new UsageError(`no query is in the ${filter.half} half`);
  }
  return limit ? selected.slice(0, limit) : selected;
}
