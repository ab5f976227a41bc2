/**
 * What the tests need, all inside the repository: its root, the seed corpus, the tiny random-weight
 * model (test/fixtures/models, written by `npm run make-test-model`) and synthetic news articles
 * for tests that need a corpus larger than the five seeds. Nothing here reads ../shared.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { TEST_MODEL_DIR, TEST_MODEL_ID } from '../../tools/testModel/writeTestModel.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const seedCorpusDir = path.join(repoRoot, 'corpus');
/** MODELS_DIR for the tests' model. */
export const testModelsDir = path.join(repoRoot, TEST_MODEL_DIR);
/** EMBEDDING_MODEL for the tests' model (32-dimensional, random weights). */
export const testModel = TEST_MODEL_ID;
/** Environment that loads the tests' model offline. */
export const testModelEnv = { EMBEDDING_MODEL: testModel, MODELS_DIR: testModelsDir, ALLOW_REMOTE_MODELS: 'false' } as const;

/** One article per line, as the JSONL corpus format reads it. */
export interface SyntheticArticle {
  id: string;
  title: string;
  text: string;
}

/** The seed articles' sentences (split at Arabic and Latin sentence ends), in file order. */
async function seedSentences(): Promise<string[]> {
  const sentences: string[] = [];
  for (const name of (await readdir(seedCorpusDir)).filter((file) => file.endsWith('.txt')).sort()) {
    const text = await readFile(path.join(seedCorpusDir, name), 'utf8');
    for (const sentence of text.split(/(?<=[.!?؟])\s+/u)) {
      const trimmed = sentence.replace(/\s+/g, ' ').trim();
      if (trimmed.length >= 40) sentences.push(trimmed);
    }
  }
  return sentences;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * `count` news-like articles recombined from the seed articles' sentences, with distinct numbers
 * and place words so that articles differ; the same arguments always give the same articles.
 * They stand in for a large corpus (build time, distractors, scale) where the real news sets of
 * ../shared are not available, and never for quality.
 */
export async function syntheticArticles(count: number, seed = 1): Promise<SyntheticArticle[]> {
  const sentences = await seedSentences();
  const random = seededRandom(seed);
  const places = ['دمشق', 'بيروت', 'عمّان', 'بغداد', 'القاهرة', 'الرياض', 'تونس', 'الرباط', 'صنعاء', 'الدوحة'];
  const articles: SyntheticArticle[] = [];
  for (let i = 0; i < count; i++) {
    const paragraphs: string[] = [];
    const paragraphCount = 2 + Math.floor(random() * 4);
    for (let p = 0; p < paragraphCount; p++) {
      const picked = Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentences[Math.floor(random() * sentences.length)]!);
      paragraphs.push(picked.join(' '));
    }
    const place = places[i % places.length]!;
    paragraphs.push(`وأفاد مراسلنا في ${place} بأن عدد المشاركين بلغ ${100 + i} شخصاً في اليوم ${1 + (i % 28)} من الشهر.`);
    articles.push({ id: `synthetic-${String(i).padStart(5, '0')}`, title: `${place}: تقرير رقم ${i + 1}`, text: paragraphs.join('\n') });
  }
  return articles;
}

export function toJsonl(records: readonly object[]): string {
  return `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
}

/**
 * A stand-in for ../shared/data laid out as the benchmark reads it (news-scale/*.jsonl.gz,
 * xquad-dev/corpus.jsonl and queries.{ar,en}.jsonl), from synthetic articles.
 */
export async function writeSyntheticBenchData(dataDir: string, articles: number): Promise<void> {
  const news = await syntheticArticles(articles, 7);
  const half = Math.ceil(news.length / 2);
  await mkdir(path.join(dataDir, 'news-scale'), { recursive: true });
  await writeFile(path.join(dataDir, 'news-scale', 'saudinewsnet.jsonl.gz'), gzipSync(toJsonl(news.slice(0, half))));
  await writeFile(path.join(dataDir, 'news-scale', 'ant.jsonl.gz'), gzipSync(toJsonl(news.slice(half))));
  const passages = await syntheticArticles(6, 11);
  await mkdir(path.join(dataDir, 'xquad-dev'), { recursive: true });
  await writeFile(path.join(dataDir, 'xquad-dev', 'corpus.jsonl'), toJsonl(passages));
  const questions = {
    ar: ['كم دبابة استولى عليها التنظيم؟', 'من هو محافظ حمص؟', 'ماذا حدث في تدمر؟'],
    en: ['How many tanks did the group seize?', 'Who is the governor of Homs?', 'What happened in Palmyra?'],
  };
  for (const [lang, list] of Object.entries(questions)) {
    const lines = list.map((question, i) => ({ id: `${lang}-${i}`, question, gold: [passages[i]!.id], answer: '' }));
    await writeFile(path.join(dataDir, 'xquad-dev', `queries.${lang}.jsonl`), toJsonl(lines));
  }
}
