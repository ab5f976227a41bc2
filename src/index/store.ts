/**
 * The built index on disk. Each build writes a complete new version folder beside the current one,
 * verifies it, and only then points `CURRENT` at it with an atomic rename, so a build killed at any
 * moment leaves the previous version serving and no half-written file is ever loaded.
 *
 *   index/CURRENT                 name of the version in use (replaced atomically)
 *   index/v-<time>/manifest.json  model, prefixes, analyzer, counts, per-document hashes, file checksums
 *   index/v-<time>/documents.jsonl (metadata), texts.bin (article texts, UTF-8), passages.bin,
 *                  lexical.bin, vectors.hnsw, embeddings.f32, and labels.u32 when the graph was
 *                  carried over from an earlier version (passage number → graph label)
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, open, stat } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { ArticleDocument, Passage, Span } from '../types.ts';
import { UserError, ErrorCodes } from '../errors.ts';
import { LexicalIndex, type Bm25Params } from './lexicalIndex.ts';
import { VectorIndex } from './vectorIndex.ts';
import type { PassageOptions } from '../corpus/passages.ts';
import { passageId } from '../corpus/passages.ts';
import { TimeSlices, yieldToEventLoop } from '../util/timeSlices.ts';

/** Format 3 added labels.u32 (graphs carried over by incremental builds); format 2 reads the same without it. */
export const INDEX_FORMAT = 3;
const READABLE_FORMATS = [2, 3];

export interface ModelInfo {
  id: string;
  dimensions: number;
  queryPrefix: string;
  passagePrefix: string;
  dtype: string;
}

export interface Manifest {
  format: number;
  createdAt: string;
  analyzer: string;
  passageOptions: PassageOptions;
  bm25: Bm25Params;
  model: ModelInfo | null;
  counts: { documents: number; passages: number; embedded: number };
  documents: Array<{ docId: string; contentHash: string; passages: number }>;
  files: Record<string, { bytes: number; sha256: string }>;
}

export interface IndexData {
  manifest: Manifest;
  version: string;
  documents: ArticleDocument[];
  /** Passage number (position here) is the label in the lexical and vector indexes. */
  passages: Passage[];
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
  /**
   * passages × dimensions, row-major: read (and verified) only when a rebuild reuses the vectors of
   * unchanged passages, so a serving process never holds them (hundreds of MB at 200k passages).
   */
  loadEmbeddings(): Promise<Float32Array | null>;
  /**
   * A fresh copy of this version's HNSW graph read from disk (checksum verified), open for an
   * incremental build to remap and extend; the `vectors` being served are never touched. Null
   * without a model.
   */
  loadGraphForUpdate(): Promise<VectorIndex | null>;
  /**
   * Checks the checksums a deferred load skipped (see LoadOptions); rejects with INDEX_CORRUPT.
   * Resolves at once when the load verified everything itself.
   */
  verifyChecksums(): Promise<void>;
}

export interface LoadOptions {
  /**
   * Check sizes and structure now but hash the files later, when verifyChecksums() is called: a
   * server answers sooner after a restart (hashing ~650 MB takes about half a second at 200k
   * passages) and still finds a damaged file moments later.
   */
  deferChecksums?: boolean;
  /**
   * Skip reading the HNSW graph (its size is still checked): for a build, which reads its own
   * updatable copy when it carries the graph over (loadGraphForUpdate). `vectors` is then null.
   */
  skipGraph?: boolean;
}

const CURRENT = 'CURRENT';

function rebuildHint(): string {
  return 'rebuild it with `npm run build-index`';
}

export function indexError(code: typeof ErrorCodes.IndexMissing | typeof ErrorCodes.IndexCorrupt | typeof ErrorCodes.IndexMismatch, detail: string): UserError {
  const ar =
    code === ErrorCodes.IndexMissing ? 'لا يوجد فهرس بعد: شغّل npm run build-index' : 'الفهرس تالف أو لا يطابق الإعدادات: أعد بناءه بـ npm run build-index';
  return new UserError(code, { en: `${detail}: ${rebuildHint()}`, ar }, { detail });
}

// --- passages.bin: doc number, ordinal and span per passage, then the sentence spans (CSR) ---

function encodePassages(passages: Passage[], docNumbers: Map<string, number>): Buffer {
  const count = passages.length;
  const sentenceTotal = passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
  const header = new Uint32Array([count, sentenceTotal]);
  const table = new Uint32Array(count * 4);
  const sentenceOffsets = new Uint32Array(count + 1);
  const sentenceSpans = new Uint32Array(sentenceTotal * 2);
  let cursor = 0;
  passages.forEach((passage, index) => {
    table.set([docNumbers.get(passage.docId)!, passage.ordinal, passage.span.start, passage.span.end], index * 4);
    sentenceOffsets[index] = cursor;
    for (const sentence of passage.sentences) {
      sentenceSpans[cursor * 2] = sentence.start;
      sentenceSpans[cursor * 2 + 1] = sentence.end;
      cursor++;
    }
  });
  sentenceOffsets[count] = cursor;
  return Buffer.concat([header, table, sentenceOffsets, sentenceSpans].map((array) => Buffer.from(array.buffer)));
}

function decodePassages(bytes: Buffer, documents: ArticleDocument[], textLengths: readonly number[]): Passage[] {
  if (bytes.length < 8 || bytes.length % 4) throw new Error('passages.bin is truncated');
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const count = words[0]!;
  const sentenceTotal = words[1]!;
  if (words.length !== 2 + count * 4 + count + 1 + sentenceTotal * 2) throw new Error('passages.bin has the wrong size');
  const table = 2;
  const offsets = table + count * 4;
  const spans = offsets + count + 1;
  const passages: Passage[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const documentNumber = words[table + index * 4]!;
    const document = documents[documentNumber];
    if (!document) throw new Error('passages.bin names a missing document');
    const ordinal = words[table + index * 4 + 1]!;
    const sentences: Span[] = [];
    for (let s = words[offsets + index]!; s < words[offsets + index + 1]!; s++) {
      sentences.push({ start: words[spans + s * 2]!, end: words[spans + s * 2 + 1]! });
    }
    const span = { start: words[table + index * 4 + 2]!, end: words[table + index * 4 + 3]! };
    if (span.end > textLengths[documentNumber]! || span.start > span.end) throw new Error('passages.bin has a span outside its document');
    passages[index] = { passageId: passageId(document.docId, ordinal), docId: document.docId, ordinal, span, sentences };
  }
  return passages;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes hashed between two yields: about 3 ms of work. */
const HASH_CHUNK_BYTES = 4 << 20;

/**
 * Hashes beside a server's answers (deferred checksums), so it yields after every chunk rather
 * than every SLICE_MS: each await of an answer in progress would otherwise wait behind a whole
 * slice of hashing, several times per answer.
 */
async function sha256InSlices(bytes: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.length; start += HASH_CHUNK_BYTES) {
    hash.update(bytes.subarray(start, start + HASH_CHUNK_BYTES));
    await yieldToEventLoop();
  }
  return hash.digest('hex');
}

/** Streams the file through the hash: large files are never held whole, and the event loop keeps turning. */
async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Parses JSON lines in slices, yielding between them, so a large corpus does not stall a server. */
async function parseJsonLines<T>(text: string): Promise<T[]> {
  const out: T[] = [];
  let start = 0;
  const slices = new TimeSlices();
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) out.push(JSON.parse(text.slice(start, end)) as T);
    start = end + 1;
    if (slices.due) await slices.yield();
  }
  return out;
}

async function writeDurable(file: string, bytes: Buffer | string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface NewIndex {
  manifest: Omit<Manifest, 'files' | 'format' | 'createdAt'>;
  documents: ArticleDocument[];
  passages: Passage[];
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
  embeddings: Float32Array | null;
}

/** What documents.jsonl holds per article: its metadata and where its text lies in texts.bin. */
type StoredDocument = Omit<ArticleDocument, 'text'> & { textBytes: [number, number]; textLength: number };

/**
 * Metadata lines and one UTF-8 block of all texts, built in slices that yield so a large corpus does
 * not stall a server. Texts stay out of the JSON: loading then parses a few MB of metadata instead of
 * every article, and the texts live in one buffer rather than as hundreds of MB of JS strings.
 */
async function encodeDocuments(documents: readonly ArticleDocument[]): Promise<{ metadata: Buffer; texts: Buffer }> {
  const lines: Buffer[] = [];
  const texts: Buffer[] = [];
  let position = 0;
  const slices = new TimeSlices();
  for (const document of documents) {
    const text = Buffer.from(document.text, 'utf8');
    texts.push(text);
    const { text: _text, ...metadata } = document;
    const stored: StoredDocument = { ...metadata, textBytes: [position, position + text.length], textLength: document.text.length };
    lines.push(Buffer.from(`${JSON.stringify(stored)}\n`));
    position += text.length;
    if (slices.due) await slices.yield();
  }
  return { metadata: Buffer.concat(lines), texts: Buffer.concat(texts) };
}

/** Recently read article texts, decoded once: a query touches the same few articles several times. */
class TextCache {
  private readonly entries = new Map<number, string>();
  constructor(
    private readonly texts: Buffer,
    private readonly limit = 512,
  ) {}

  get(index: number, start: number, end: number): string {
    let text = this.entries.get(index);
    if (text !== undefined) {
      this.entries.delete(index);
    } else {
      text = this.texts.toString('utf8', start, end);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(index, text);
    return text;
  }
}

/** Documents whose `text` is read from texts.bin when first needed (an enumerable getter: JSON and equality see it). */
function lazyDocuments(stored: StoredDocument[], texts: Buffer): { documents: ArticleDocument[]; textLengths: number[] } {
  const cache = new TextCache(texts);
  const textLengths: number[] = [];
  const documents = stored.map((entry, index) => {
    const { textBytes, textLength, ...metadata } = entry;
    const [start, end] = textBytes;
    if (!(start >= 0 && end >= start && end <= texts.length)) throw new Error('documents.jsonl points outside texts.bin');
    textLengths.push(textLength);
    const document = { ...metadata } as ArticleDocument;
    Object.defineProperty(document, 'text', { enumerable: true, get: () => cache.get(index, start, end) });
    return document;
  });
  return { documents, textLengths };
}

/** Writes a new version, verifies it by loading it back, then makes it current. Returns its name. */
export async function writeIndex(indexDir: string, data: NewIndex): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const version = `v-${new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 20)}-${process.pid}`;
  const partial = path.join(indexDir, `${version}.partial`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  const docNumbers = new Map(data.documents.map((document, index) => [document.docId, index]));
  const encoded = await encodeDocuments(data.documents);
  const files: Record<string, Buffer> = {
    'documents.jsonl': encoded.metadata,
    'texts.bin': encoded.texts,
    'passages.bin': encodePassages(data.passages, docNumbers),
    'lexical.bin': data.lexical.serialize(),
  };
  if (data.embeddings) files['embeddings.f32'] = Buffer.from(data.embeddings.buffer, data.embeddings.byteOffset, data.embeddings.byteLength);
  const labels = data.vectors?.labels();
  if (labels) files['labels.u32'] = Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength);
  const checksums: Manifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) {
    await writeDurable(path.join(partial, name), bytes);
    checksums[name] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  if (data.vectors) {
    const file = path.join(partial, 'vectors.hnsw');
    await data.vectors.save(file);
    checksums['vectors.hnsw'] = { bytes: (await stat(file)).size, sha256: await sha256File(file) };
  }
  const manifest: Manifest = { format: INDEX_FORMAT, createdAt: new Date().toISOString(), ...data.manifest, files: checksums };
  await writeDurable(path.join(partial, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await loadIndexVersion(indexDir, `${version}.partial`); // verify before anything points at it
  await rename(partial, path.join(indexDir, version));
  const pointer = path.join(indexDir, `${CURRENT}.tmp-${process.pid}`);
  await writeDurable(pointer, `${version}\n`);
  await rename(pointer, path.join(indexDir, CURRENT));
  await pruneVersions(indexDir, version);
  return version;
}

/** Keeps the new version and the one before it; removes older ones and leftovers of killed builds. */
async function pruneVersions(indexDir: string, keep: string): Promise<void> {
  const entries = await readdir(indexDir);
  const versions = entries.filter((name) => /^v-[\w-]+$/.test(name) && name !== keep).sort();
  const previous = versions.pop();
  for (const name of entries) {
    const stale = (name.startsWith('v-') && name !== keep && name !== previous) || name.startsWith(`${CURRENT}.tmp-`);
    if (stale && !isOwnedByLiveBuild(name)) await rm(path.join(indexDir, name), { recursive: true, force: true });
  }
}

/** A `.partial` folder or pointer of another process that is still running is its build in progress. */
function isOwnedByLiveBuild(name: string): boolean {
  const pid = Number(/-(\d+)(?:\.partial)?$/.exec(name)?.[1]);
  if (!pid || pid === process.pid || !(name.endsWith('.partial') || name.startsWith(`${CURRENT}.tmp-`))) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function currentVersion(indexDir: string): Promise<string | null> {
  try {
    const name = (await readFile(path.join(indexDir, CURRENT), 'utf8')).trim();
    return /^v-[\w-]+$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

export function indexExists(indexDir: string): boolean {
  return existsSync(path.join(indexDir, CURRENT));
}

export async function readManifest(indexDir: string): Promise<Manifest | null> {
  const version = await currentVersion(indexDir);
  if (!version) return null;
  try {
    return JSON.parse(await readFile(path.join(indexDir, version, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Loads the current version; UserError INDEX_MISSING / INDEX_CORRUPT with the fix when it cannot. */
export async function loadIndex(indexDir: string, options: LoadOptions = {}): Promise<IndexData> {
  const version = await currentVersion(indexDir);
  if (!version) throw indexError(ErrorCodes.IndexMissing, `No index in ${indexDir}`);
  return loadIndexVersion(indexDir, version, options);
}

/**
 * For a long-running server: the current version, or when it is damaged, the newest older version
 * that loads, with a warning saying so (admins should rebuild). Throws only when none loads.
 */
export async function loadBestIndex(indexDir: string, options: LoadOptions = {}): Promise<{ data: IndexData; warning: string | null }> {
  try {
    return { data: await loadIndex(indexDir, options), warning: null };
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== ErrorCodes.IndexCorrupt) throw error;
    const current = await currentVersion(indexDir);
    const others = (await readdir(indexDir))
      .filter((name) => /^v-[\w-]+$/.test(name) && name !== current)
      .sort()
      .reverse();
    for (const version of others) {
      try {
        const data = await loadIndexVersion(indexDir, version, { skipGraph: options.skipGraph });
        return { data, warning: `${error.messages.en.replace(/: rebuild it.*$/, '')}; serving the previous version ${version} until the index is rebuilt.` };
      } catch {
        // try the next older one
      }
    }
    throw error;
  }
}

/** One version folder, checked against its manifest; UserError INDEX_CORRUPT / INDEX_MISMATCH when it cannot be served. */
async function loadIndexVersion(indexDir: string, version: string, options: LoadOptions = {}): Promise<IndexData> {
  const files = await openVersion(indexDir, version, !!options.deferChecksums);
  const { manifest } = files;
  try {
    const { documents, passages, lexical } = await loadTextSide(files);
    const vectors = manifest.model ? await loadServedGraph(files, manifest.model, passages.length, !!options.skipGraph) : null;
    return {
      manifest,
      version,
      documents,
      passages,
      lexical,
      vectors,
      loadEmbeddings: () => loadEmbeddings(files),
      loadGraphForUpdate: () => loadGraphForUpdate(files, passages.length),
      verifyChecksums: () => files.verifyDeferred(),
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw files.corrupt((error as Error).message);
  }
}

function versionDamaged(version: string, detail: string): UserError {
  return indexError(ErrorCodes.IndexCorrupt, `Index ${version} is damaged (${detail})`);
}

/** One version folder's files, each checked against the manifest (size at once, checksum at once or deferred). */
class VersionFiles {
  /** Checksums a deferred load has still to check, in the order the files were read. */
  private readonly deferred: Array<() => Promise<void>> = [];

  constructor(
    private readonly folder: string,
    private readonly version: string,
    readonly manifest: Manifest,
    private readonly deferChecksums: boolean,
  ) {}

  pathOf(name: string): string {
    return path.join(this.folder, name);
  }

  corrupt(detail: string): UserError {
    return versionDamaged(this.version, detail);
  }

  expect(name: string): { bytes: number; sha256: string } {
    const expected = this.manifest.files[name];
    if (!expected) throw this.corrupt(`${name} is not listed in the manifest`);
    return expected;
  }

  /** Size and checksum of a file read by another reader (hnswlib) or later: streamed, never held. */
  async verify(name: string, { checksum }: { checksum: boolean }): Promise<void> {
    const expected = this.expect(name);
    let size: number;
    try {
      size = (await stat(this.pathOf(name))).size;
    } catch {
      throw this.corrupt(`${name} is missing`);
    }
    if (size !== expected.bytes) throw this.corrupt(`${name} has ${size} bytes, expected ${expected.bytes}`);
    if (!checksum) return;
    const check = async () => {
      if ((await sha256File(this.pathOf(name))) !== expected.sha256) throw this.corrupt(`${name} fails its checksum`);
    };
    if (this.deferChecksums) this.deferred.push(check);
    else await check();
  }

  /** A whole file, its size checked; its checksum too, now or (a deferred load) later, except for embeddings.f32: always now. */
  async read(name: string): Promise<Buffer> {
    const expected = this.expect(name);
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(name));
    } catch {
      throw this.corrupt(`${name} is missing`);
    }
    if (bytes.length !== expected.bytes) throw this.corrupt(`${name} has ${bytes.length} bytes, expected ${expected.bytes}`);
    const check = async () => {
      // Deferred: hashed in slices, so a server keeps answering while it checks (a 150 MB file
      // hashed in one call blocks the event loop for ~300 ms).
      const digest = this.deferChecksums ? await sha256InSlices(bytes) : sha256(bytes);
      if (digest !== expected.sha256) throw this.corrupt(`${name} fails its checksum`);
    };
    if (this.deferChecksums && name !== 'embeddings.f32') this.deferred.push(check);
    else await check();
    return bytes;
  }

  async verifyDeferred(): Promise<void> {
    while (this.deferred.length) {
      await this.deferred.shift()!();
      await yieldToEventLoop(); // one file at a time, answers in between
    }
  }
}

/** The manifest of a version, in a format this version reads. */
async function openVersion(indexDir: string, version: string, deferChecksums: boolean): Promise<VersionFiles> {
  const folder = path.join(indexDir, version);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    throw versionDamaged(version, 'manifest.json is missing or unreadable');
  }
  if (!READABLE_FORMATS.includes(manifest.format)) {
    throw indexError(ErrorCodes.IndexMismatch, `Index ${version} has format ${manifest.format}, this version reads ${READABLE_FORMATS.join(' and ')}`);
  }
  return new VersionFiles(folder, version, manifest, deferChecksums);
}

/** Documents, passages and the lexical index, checked against the manifest's counts. */
async function loadTextSide(files: VersionFiles): Promise<Pick<IndexData, 'documents' | 'passages' | 'lexical'>> {
  const { manifest } = files;
  const stored = await parseJsonLines<StoredDocument>((await files.read('documents.jsonl')).toString('utf8'));
  const { documents, textLengths } = lazyDocuments(stored, await files.read('texts.bin'));
  const passages = decodePassages(await files.read('passages.bin'), documents, textLengths);
  const lexical = LexicalIndex.deserialize(await files.read('lexical.bin'));
  lexical.setParams(manifest.bm25);
  if (documents.length !== manifest.counts.documents || passages.length !== manifest.counts.passages || lexical.passageCount !== passages.length) {
    throw files.corrupt('counts do not match the manifest');
  }
  return { documents, passages, lexical };
}

/** The graph a server searches (null with skipGraph); embeddings.f32 is only measured. */
async function loadServedGraph(files: VersionFiles, model: ModelInfo, passageCount: number, skipGraph: boolean): Promise<VectorIndex | null> {
  if (files.expect('embeddings.f32').bytes !== passageCount * model.dimensions * 4) throw files.corrupt('embeddings.f32 has the wrong size');
  // Only its size now; its checksum is checked when a rebuild reads it (loadEmbeddings).
  await files.verify('embeddings.f32', { checksum: false });
  await files.verify('vectors.hnsw', { checksum: !skipGraph });
  if (skipGraph) return null;
  const labels = files.manifest.files['labels.u32'] ? labelsFrom(files, await files.read('labels.u32'), passageCount) : undefined;
  return loadGraph(files, passageCount, labels, false);
}

function labelsFrom(files: VersionFiles, bytes: Buffer, passageCount: number): Uint32Array {
  if (bytes.length !== passageCount * 4) throw files.corrupt('labels.u32 does not name one label per passage');
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

async function loadGraph(files: VersionFiles, passageCount: number, labels: Uint32Array | undefined, forUpdate: boolean): Promise<VectorIndex> {
  const graph = await VectorIndex.load(files.pathOf('vectors.hnsw'), files.manifest.model!.dimensions, { labels, forUpdate });
  if (graph.size !== passageCount) throw files.corrupt('vectors.hnsw does not hold one vector per passage');
  return graph;
}

/** IndexData.loadGraphForUpdate: every file it relies on is checked now, whatever the load deferred. */
async function loadGraphForUpdate(files: VersionFiles, passageCount: number): Promise<VectorIndex | null> {
  if (!files.manifest.model) return null;
  const expected = files.expect('vectors.hnsw');
  if ((await sha256File(files.pathOf('vectors.hnsw'))) !== expected.sha256) throw files.corrupt('vectors.hnsw fails its checksum');
  const labelsEntry = files.manifest.files['labels.u32'];
  let labels: Uint32Array | undefined;
  if (labelsEntry) {
    const bytes = await readFile(files.pathOf('labels.u32'));
    if (sha256(bytes) !== labelsEntry.sha256) throw files.corrupt('labels.u32 fails its checksum');
    labels = labelsFrom(files, bytes, passageCount);
  }
  try {
    return await loadGraph(files, passageCount, labels, true);
  } catch (error) {
    throw error instanceof UserError ? error : files.corrupt((error as Error).message);
  }
}

/** IndexData.loadEmbeddings. */
async function loadEmbeddings(files: VersionFiles): Promise<Float32Array | null> {
  if (!files.manifest.model) return null;
  const raw = await files.read('embeddings.f32');
  // readFile gives a fresh, aligned buffer for files this size: view it instead of copying.
  return raw.byteOffset % 4 === 0
    ? new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
    : new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}
