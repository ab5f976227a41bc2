/**
 * Incremental builds: unchanged documents keep their passages, their lexical postings (copied, not
 * analyzed again), their vectors and their place in the HNSW graph (carried over with deletions and
 * additions under a label table). The result must answer exactly as a build from scratch would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.ts';
import { LexicalIndexBuilder, type LexicalIndex } from '../../src/index/lexicalIndex.ts';
import { currentVersion, loadIndex, type IndexData } from '../../src/index/store.ts';
import { VectorIndex } from '../../src/index/vectorIndex.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { hashArticle } from '../../src/corpus/loadCorpus.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import type { ArticleDocument } from '../../src/types.ts';
import { ErrorCodes, UserError } from '../../src/errors.ts';

const analyzer = createAnalyzer();

/** Deterministic vectors from a hash of the text, and a count of what was embedded. */
function hashEmbedder(dimensions = 16): Embedder & { embeddedTexts: string[] } {
  const vector = (text: string) => {
    const bytes = createHash('sha512').update(text).digest();
    const out = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++) out[i] = bytes[i % bytes.length]! - 127.5;
    const norm = Math.hypot(...out);
    return out.map((value) => value / norm);
  };
  const embedder = {
    modelId: 'hash-test',
    dimensions,
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    embeddedTexts: [] as string[],
    async embedQuery(text: string) {
      return vector(`query: ${text}`);
    },
    async embedPassages(texts: string[]) {
      embedder.embeddedTexts.push(...texts);
      return texts.map((text) => vector(`passage: ${text}`));
    },
    close: async () => undefined,
  };
  return embedder;
}

function article(docId: string, text: string, title = `خبر ${docId}`): ArticleDocument {
  const base = { docId, title, text };
  return { ...base, origin: `${docId}.txt`, contentHash: hashArticle(base) };
}

const PLACES = ['حمص', 'تدمر', 'حلب', 'دمشق', 'القريتين', 'السخنة', 'دير الزور', 'إدلب', 'درعا', 'الرقة'];
const ACTORS = ['الجيش السوري', 'تنظيم داعش', 'المرصد السوري', 'الطيران الروسي', 'المعارضة المسلحة'];

/** Articles of a few paragraphs, several passages each, with overlapping vocabulary. */
function corpus(count: number): ArticleDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const paragraphs = Array.from({ length: 3 + (i % 3) }, (_, p) => {
      const place = PLACES[(i + p) % PLACES.length]!;
      const actor = ACTORS[(i * 3 + p) % ACTORS.length]!;
      return (
        `قال ${actor} إن المعارك في ${place} استمرت يوم ${i + p}. وأضاف أن ${actor} سيطر على مواقع جديدة قرب ${place} بعد قتال عنيف استمر ساعات. ` +
        `وذكرت مصادر محلية أن المدنيين نزحوا من ${place} نحو المناطق المجاورة، وأن الخسائر بلغت ${10 + i * p} قتيلًا.`
      );
    });
    return article(`doc-${String(i).padStart(3, '0')}`, paragraphs.join('\n\n'));
  });
}

/** Postings as term → sorted [passage, bodyTf, titleTf], lengths per passage: term ids do not matter. */
function postingsOf(lexical: LexicalIndex): Map<string, string> {
  const byTerm = new Map<string, string[]>();
  const postings = lexical.byPassage();
  for (let passage = 0; passage < lexical.passageCount; passage++) {
    const lengths = postings.forEach(passage, (term, bodyTf, titleTf) => {
      const key = postings.terms[term]!;
      if (!byTerm.has(key)) byTerm.set(key, []);
      byTerm.get(key)!.push(`${passage}:${bodyTf}:${titleTf}`);
    });
    byTerm.set(`#length ${passage}`, [`${lengths.bodyLength}:${lengths.titleLength}`]);
  }
  return new Map([...byTerm].map(([term, list]) => [term, list.join(' ')]));
}

function searchAll(data: { passages: { passageId: string }[]; vectors: VectorIndex | null }, embeddings: Float32Array, dimensions: number): string[][] {
  const out: string[][] = [];
  for (let number = 0; number < data.passages.length; number++) {
    const hits = data.vectors!.search(embeddings.subarray(number * dimensions, (number + 1) * dimensions), 5, 200);
    out.push(hits.map((hit) => data.passages[hit.label]!.passageId));
  }
  return out;
}

test('LexicalIndexBuilder.addFrom copies passages as if they had been analyzed again', () => {
  const texts = corpus(6).map((document) => document.text);
  const analyzed = texts.map((text) => analyzer.analyze(text));
  const title = analyzer.analyze('عنوان الخبر');
  const add = (builder: LexicalIndexBuilder, i: number) =>
    builder.add(analyzed[i]!.terms, title.terms, [...analyzed[i]!.phrases, ...analyzed[i]!.roots], [...title.phrases]);

  const first = new LexicalIndexBuilder();
  for (let i = 0; i < 4; i++) add(first, i);
  const old = first.build();

  // New order: old passage 2, a new one (4), old 0, another new one (5); old 1 and 3 dropped.
  const copied = new LexicalIndexBuilder();
  const postings = old.byPassage();
  copied.addFrom(postings, 2);
  add(copied, 4);
  copied.addFrom(postings, 0);
  add(copied, 5);
  const fresh = new LexicalIndexBuilder();
  for (const i of [2, 4, 0, 5]) add(fresh, i);

  const [a, b] = [copied.build(), fresh.build()];
  assert.deepEqual(postingsOf(a), postingsOf(b));
  assert.equal(a.termCount, b.termCount, 'terms only the dropped passages had are gone');
  const query = [...new Set(analyzed[0]!.terms)].slice(0, 6).map((term) => ({ alternatives: [{ term, weight: 1 }], weight: 1 }));
  assert.deepEqual(a.search(query, 4), b.search(query, 4));
});

test('VectorIndex.remap: removed passages vanish, kept ones keep their vectors, new ones take the freed slots', async () => {
  const dimensions = 12;
  const vectors = Array.from({ length: 60 }, (_, i) =>
    Float32Array.from({ length: dimensions }, (_, d) => Math.sin(i * 7.1 + d * 1.3) + (d === i % dimensions ? 2 : 0)),
  );
  const folder = await mkdtemp(path.join(tmpdir(), 'remap-'));
  const file = path.join(folder, 'graph.hnsw');
  const graph = VectorIndex.create(dimensions, 50, { m: 8, efConstruction: 64 });
  for (let i = 0; i < 50; i++) graph.add(i, vectors[i]!);
  assert.equal(graph.labels(), null, 'a graph built in one go needs no label table');
  await graph.save(file);

  // New numbering: old 10..49 become 0..39, old 0..9 are removed, vectors 50..54 are new (40..44).
  const previousOf = Int32Array.from({ length: 45 }, (_, n) => (n < 40 ? n + 10 : -1));
  const serving = await VectorIndex.load(file, dimensions);
  assert.throws(() => serving.remap(previousOf), /forUpdate/);
  const updated = await VectorIndex.load(file, dimensions, { forUpdate: true });
  updated.remap(previousOf);
  assert.equal(updated.size, 40);
  assert.equal(updated.deletedSlots, 10);
  assert.throws(() => updated.labels(), /no vector yet/);
  for (let n = 40; n < 45; n++) updated.add(n, vectors[n + 10]!);
  assert.throws(() => updated.add(3, vectors[0]!), /not one remap\(\) left/);
  assert.equal(updated.size, 45);
  assert.equal(updated.slots, 50, 'the five new vectors took deleted slots');
  assert.equal(updated.deletedSlots, 5);

  const check = (index: VectorIndex) => {
    for (let n = 0; n < 45; n++) {
      const vector = vectors[n < 40 ? n + 10 : n + 10]!;
      const [best] = index.search(vector, 1, 100);
      assert.equal(best!.label, n, `passage ${n} finds itself under its new number`);
      assert.ok(best!.score > 0.9999);
    }
    for (let old = 0; old < 10; old++) {
      const hits = index.search(vectors[old]!, 45, 200);
      assert.equal(hits.length, 45);
      assert.ok(
        hits.every((hit) => hit.label >= 0 && hit.label < 45),
        'a removed passage is never returned',
      );
    }
  };
  check(updated);

  // Written with its label table, read back for serving, and carried over a second time.
  const second = path.join(folder, 'second.hnsw');
  await updated.save(second);
  const labels = updated.labels()!;
  check(await VectorIndex.load(second, dimensions, { labels }));
  const again = await VectorIndex.load(second, dimensions, { labels, forUpdate: true });
  again.remap(Int32Array.from({ length: 46 }, (_, n) => (n < 45 ? n : -1)));
  again.add(45, vectors[55]!);
  assert.equal(again.search(vectors[55]!, 1, 100)[0]!.label, 45);
  assert.equal(again.slots, 50, 'the last deleted slot is reused');
  const labelsAgain = again.labels()!;
  assert.equal(new Set(labelsAgain).size, 46, 'labels stay distinct across carry-overs');
  await assert.rejects(VectorIndex.load(second, dimensions, { labels: Uint32Array.from([1, 1]) }), /given to two passages/);
});

test('an incremental build re-analyzes and re-embeds only changed articles and answers like a full build', async () => {
  const documents = corpus(24);
  const indexDir = await mkdtemp(path.join(tmpdir(), 'incremental-'));
  const embedder = hashEmbedder();
  const first = await buildIndex({ indexDir, documents, analyzer, embedder });
  assert.equal(first.summary.graphCarried, false);
  const previous = await loadIndex(indexDir, { skipGraph: true });

  // One article edited (one more paragraph), one removed, one added at the front.
  const next = [article('doc-new', 'أعلن الجيش السوري أنه استعاد مدينة تدمر بعد معارك عنيفة مع تنظيم داعش.'), ...documents];
  const edited = next.findIndex((document) => document.docId === 'doc-010');
  next[edited] = article('doc-010', `${documents[10]!.text}\n\nتحديث: أعلن المرصد السوري أن القتال توقف في حمص مساء الأحد.`);
  next.splice(
    next.findIndex((document) => document.docId === 'doc-020'),
    1,
  );
  embedder.embeddedTexts.length = 0;
  const incremental = await buildIndex({ indexDir, documents: next, analyzer, embedder, previous });
  const changed = incremental.index.passages.filter((passage) => passage.docId === 'doc-010' || passage.docId === 'doc-new').length;
  assert.equal(incremental.summary.embedded, changed);
  assert.equal(embedder.embeddedTexts.length, changed, 'only the new and edited articles were embedded');
  assert.equal(incremental.summary.reused, incremental.summary.passages - changed);
  assert.equal(incremental.summary.graphCarried, true);

  const fullDir = await mkdtemp(path.join(tmpdir(), 'incremental-full-'));
  const full = await buildIndex({ indexDir: fullDir, documents: next, analyzer, embedder });
  assert.deepEqual(incremental.index.passages, full.index.passages);
  assert.deepEqual(postingsOf(incremental.index.lexical), postingsOf(full.index.lexical));
  assert.deepEqual(incremental.index.embeddings, full.index.embeddings);

  // Loaded from disk (format 3, with its label table), the dense neighbours are the full build's.
  const loaded = await loadIndex(indexDir);
  assert.equal(loaded.manifest.format, 3);
  assert.ok(loaded.manifest.files['labels.u32'], 'a carried-over graph is written with its label table');
  const embeddings = full.index.embeddings!;
  assert.deepEqual(searchAll(loaded, embeddings, embedder.dimensions), searchAll(full.index, embeddings, embedder.dimensions));

  // And a second incremental build on top of the first (labels read back from disk).
  const third = next.filter((document) => document.docId !== 'doc-003');
  const afterSecond = await buildIndex({ indexDir, documents: third, analyzer, embedder, previous: await loadIndex(indexDir, { skipGraph: true }) });
  assert.equal(afterSecond.summary.embedded, 0);
  assert.equal(afterSecond.summary.graphCarried, true);
  const fullThird = await buildIndex({ indexDir: fullDir, documents: third, analyzer, embedder });
  const reloaded = await loadIndex(indexDir);
  assert.deepEqual(searchAll(reloaded, fullThird.index.embeddings!, 16), searchAll(fullThird.index, fullThird.index.embeddings!, 16));
});

test('most of the corpus changed, or another model: the graph is built afresh', async () => {
  const documents = corpus(10);
  const indexDir = await mkdtemp(path.join(tmpdir(), 'incremental-fresh-'));
  await buildIndex({ indexDir, documents, analyzer, embedder: hashEmbedder() });
  const previous = await loadIndex(indexDir, { skipGraph: true });
  const mostlyNew = [...documents.slice(0, 3), ...corpus(20).slice(10)];
  const rebuilt = await buildIndex({ indexDir, documents: mostlyNew, analyzer, embedder: hashEmbedder(), previous });
  assert.equal(rebuilt.summary.graphCarried, false);
  const otherModel = await buildIndex({ indexDir, documents, analyzer, embedder: hashEmbedder(24), previous: await loadIndex(indexDir, { skipGraph: true }) });
  assert.equal(otherModel.summary.reused, 0);
  assert.equal(otherModel.summary.graphCarried, false);
});

test('a damaged label table is caught at load and by a build that wants to carry the graph over', async () => {
  const documents = corpus(12);
  const indexDir = await mkdtemp(path.join(tmpdir(), 'incremental-labels-'));
  const embedder = hashEmbedder();
  await buildIndex({ indexDir, documents, analyzer, embedder });
  const next = documents.map((document, i) => (i === 5 ? article(document.docId, `${document.text}\n\nتحديث قصير.`) : document));
  await buildIndex({ indexDir, documents: next, analyzer, embedder, previous: await loadIndex(indexDir, { skipGraph: true }) });
  const version = (await currentVersion(indexDir))!;
  const labelsFile = path.join(indexDir, version, 'labels.u32');
  const bytes = await readFile(labelsFile);
  bytes[0] = bytes[0]! ^ 0xff;
  await writeFile(labelsFile, bytes);
  await assert.rejects(
    loadIndex(indexDir),
    (error: unknown) => error instanceof UserError && error.code === ErrorCodes.IndexCorrupt && /labels\.u32/.test(error.messages.en),
  );
  const previous: IndexData = await loadIndex(indexDir, { skipGraph: true });
  await assert.rejects(previous.loadGraphForUpdate(), /labels\.u32 fails its checksum/);
  // The build falls back to a fresh graph instead of failing.
  const rebuilt = await buildIndex({ indexDir, documents: next, analyzer, embedder, previous });
  assert.equal(rebuilt.summary.graphCarried, false);
  assert.ok((await readdir(indexDir)).length > 0);
});
