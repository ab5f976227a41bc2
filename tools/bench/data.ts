/**
 * Benchmark inputs: real news articles from ../shared/data/news-scale (research licence: read in
 * place for benchmarking, never copied into corpus/) and the xquad-dev questions and passages.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleDocument, Passage } from '../../src/types.ts';
import { loadArticleFiles } from '../../src/corpus/loadCorpus.ts';
import { buildPassages, DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from '../../src/corpus/passages.ts';
import { displayText } from '../../src/text/repair.ts';

export const NEWS_FILES = ['saudinewsnet.jsonl.gz', 'ant.jsonl.gz'] as const;

export async function loadNews(newsDir: string): Promise<ArticleDocument[]> {
  const { documents, skipped } = await loadArticleFiles(NEWS_FILES.map((name) => ({ file: path.join(newsDir, name), origin: name })));
  const unreadable = skipped.filter((entry) => !/duplicate document id/.test(entry.reason));
  if (documents.length === 0 || unreadable.some((entry) => /ENOENT|no such file/i.test(entry.reason))) {
    throw new Error(`news-scale articles not found in ${newsDir} (${unreadable.map((entry) => `${entry.origin}: ${entry.reason}`).join('; ')})`);
  }
  return documents;
}

/**
 * `count` articles spread evenly over the whole list (both sources, all dates), so that a small
 * sample has the corpus's mix of lengths rather than one feed's first day.
 */
export function spreadSample<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.floor((i * items.length) / count)]!);
  return out;
}

export interface PassageText {
  passage: Passage;
  /** What the embedder sees: the passage as displayed (the same text build.ts embeds). */
  text: string;
}

export function passageTexts(documents: readonly ArticleDocument[], options: PassageOptions = DEFAULT_PASSAGE_OPTIONS): PassageText[] {
  const out: PassageText[] = [];
  for (const document of documents) {
    for (const passage of buildPassages(document, options)) {
      out.push({ passage, text: displayText(document.text.slice(passage.span.start, passage.span.end)) });
    }
  }
  return out;
}

export interface Question {
  text: string;
  lang: 'ar' | 'en';
}

export async function loadXquad(xquadDir: string): Promise<{ documents: ArticleDocument[]; questions: Question[] }> {
  const { documents } = await loadArticleFiles([{ file: path.join(xquadDir, 'corpus.jsonl'), origin: 'xquad-dev' }]);
  if (documents.length === 0) throw new Error(`xquad-dev corpus not found in ${xquadDir}`);
  const questions: Question[] = [];
  for (const lang of ['ar', 'en'] as const) {
    const lines = (await readFile(path.join(xquadDir, `queries.${lang}.jsonl`), 'utf8')).split('\n');
    for (const line of lines) {
      if (line.trim()) questions.push({ text: (JSON.parse(line) as { question: string }).question, lang });
    }
  }
  return { documents, questions };
}

/** Arabic and English questions alternately, so any prefix of the list has both languages. */
export function interleaveLanguages(questions: readonly Question[], count: number): Question[] {
  const ar = questions.filter((question) => question.lang === 'ar');
  const en = questions.filter((question) => question.lang === 'en');
  const out: Question[] = [];
  for (let i = 0; out.length < count && (i < ar.length || i < en.length); i++) {
    if (i < ar.length) out.push(ar[i]!);
    if (i < en.length && out.length < count) out.push(en[i]!);
  }
  return out;
}
