/** The eval's question sets: JSONL lines of `{"id", "question", "gold": [docId…], "answer"?, "split"?}`, optionally gzipped. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../src/cli/run.ts';

export interface QueryLine {
  id: string;
  question: string;
  gold: string[];
  answer?: string;
  /** ARCD's own train/test split, where the data set has one (`--split` filters on it). */
  split?: string;
}

export async function readQueries(file: string): Promise<QueryLine[]> {
  let bytes: Buffer = await readFile(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        const record = JSON.parse(line) as QueryLine;
        if (typeof record.question !== 'string' || !Array.isArray(record.gold)) throw new Error('missing question or gold');
        return record;
      } catch (error) {
        throw new UsageError(`${file}:${index + 1}: not a query line (${(error as Error).message})`);
      }
    });
}

/** The queries of one split (all when none is named), then the first `limit` of them. */
export function selectQueries(queries: QueryLine[], split: string | undefined, limit: number | undefined): QueryLine[] {
  let selected = queries;
  if (split) {
    selected = selected.filter((query) => query.split === split);
    if (!selected.length) throw new UsageError(`no query has split "${split}" (the field "split" of the queries file)`);
  }
  return limit ? selected.slice(0, limit) : selected;
}
