/**
 * BM25 inverted index over analyzed (normalized, stemmed) Arabic passages, with the passage's document
 * title as a second, weighted field (BM25F-style: the title's term frequencies join the body's).
 *
 * Written here rather than taken from a search library because three things we need are not offered
 * by the maintained JS ones (MiniSearch, wink-bm25, Orama): structured queries that score several
 * candidate translations of one English word as ONE term (Darwish & Oard's probabilistic structured
 * queries: tf and df are the weighted sums over the alternatives), a compact binary form that loads
 * 200k passages in milliseconds instead of parsing a large JSON document, and access to raw postings
 * for the eval's parameter sweeps. The analysis (stemmers) does come from maintained libraries.
 *
 * Layout: compressed sparse rows. termOffsets[t]..termOffsets[t+1] index the postings of term t,
 * which hold passage numbers (ascending) and term frequencies in the body and in the title.
 */
import { ARABIC_ALPHABET_LETTER, FOLDED_ARABIC_ALPHABET } from '../text/arabic.ts';
import { oneEditVariants } from '../text/edits.ts';

export interface Bm25Params {
  k1: number;
  b: number;
  /** How much a title occurrence counts against a body occurrence. */
  titleWeight: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, titleWeight: 1 };

/** One query term; several alternatives (e.g. translations of an English word) are scored as one. */
export interface QueryTerm {
  alternatives: Array<{ term: string; weight: number }>;
  /** Query-side weight of the whole term. */
  weight: number;
}

export interface LexicalHit {
  passage: number;
  score: number;
}

const MAGIC = 'LEX1';

/** Letters of NORMALIZED Arabic: folding (arabic.ts) leaves no أ إ آ ى ة in a term. */
const ARABIC_ALPHABET = FOLDED_ARABIC_ALPHABET;
const LATIN_ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/**
 * The builder's postings in typed arrays that double as they fill: 11 bytes a posting instead of 4
 * boxed JS numbers (32 bytes), which matters at 20M postings (200k passages).
 */
class PostingBuffer {
  term = new Uint32Array(1 << 12);
  passage = new Uint32Array(1 << 12);
  bodyTf = new Uint16Array(1 << 12);
  titleTf = new Uint8Array(1 << 12);
  length = 0;

  push(term: number, passage: number, bodyTf: number, titleTf: number): void {
    if (this.length === this.term.length) this.reserve(this.length + 1);
    const i = this.length++;
    this.term[i] = term;
    this.passage[i] = passage;
    this.bodyTf[i] = bodyTf;
    this.titleTf[i] = titleTf;
  }

  reserve(needed: number): void {
    if (needed <= this.term.length) return;
    const capacity = Math.max(needed, this.term.length * 2);
    const grow = <T extends Uint32Array | Uint16Array | Uint8Array>(array: T, Type: new (length: number) => T): T => {
      const grown = new Type(capacity);
      grown.set(array.subarray(0, this.length));
      return grown;
    };
    this.term = grow(this.term, Uint32Array);
    this.passage = grow(this.passage, Uint32Array);
    this.bodyTf = grow(this.bodyTf, Uint16Array);
    this.titleTf = grow(this.titleTf, Uint8Array);
  }
}

export class LexicalIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private postings = new PostingBuffer();
  private readonly bodyLengths: number[] = [];
  private readonly titleLengths: number[] = [];
  /** Term ids in this builder of the terms of the PassagePostings last copied from (−1: not yet seen). */
  private sourceTermIds: { source: PassagePostings; ids: Int32Array } | null = null;

  /**
   * Adds the next passage (passages are numbered in the order they are added). Phrase terms (pairs of
   * neighbouring words, see analyzer.ts) get postings like words but do not add to the field
   * lengths: a passage is not "longer" for having phrases, and BM25's length normalization stays
   * that of its words.
   */
  add(bodyTerms: readonly string[], titleTerms: readonly string[], bodyPhrases: readonly string[] = [], titlePhrases: readonly string[] = []): number {
    const passage = this.bodyLengths.length;
    const counts = new Map<number, [number, number]>();
    for (const term of bodyTerms) this.count(counts, term, 0);
    for (const term of titleTerms) this.count(counts, term, 1);
    for (const term of bodyPhrases) this.count(counts, term, 0);
    for (const term of titlePhrases) this.count(counts, term, 1);
    for (const [termId, [body, title]] of counts) this.postings.push(termId, passage, Math.min(body, 0xffff), Math.min(title, 0xff));
    this.bodyLengths.push(bodyTerms.length);
    this.titleLengths.push(Math.min(titleTerms.length, 0xffff));
    return passage;
  }

  /**
   * Adds the next passage as a copy of passage `passage` of another index (its byPassage()), without
   * analyzing its text again (an incremental build's unchanged documents). Term ids are this
   * builder's, so the index built comes out as if every passage had been analyzed: the same terms,
   * postings and lengths.
   */
  addFrom(source: PassagePostings, passage: number): number {
    if (!(Number.isInteger(passage) && passage >= 0 && passage < source.passageCount)) throw new RangeError(`no passage ${passage}`);
    if (this.sourceTermIds?.source !== source) this.sourceTermIds = { source, ids: new Int32Array(source.terms.length).fill(-1) };
    const ids = this.sourceTermIds.ids;
    const number = this.bodyLengths.length;
    const from = source.offsets[passage]!;
    const to = source.offsets[passage + 1]!;
    const postings = this.postings;
    postings.reserve(postings.length + to - from);
    for (let p = from; p < to; p++) {
      const sourceTerm = source.termIds[p]!;
      let termId = ids[sourceTerm]!;
      if (termId < 0) {
        termId = this.termIdOf(source.terms[sourceTerm]!);
        ids[sourceTerm] = termId;
      }
      const i = postings.length++;
      postings.term[i] = termId;
      postings.passage[i] = number;
      postings.bodyTf[i] = source.bodyTf[p]!;
      postings.titleTf[i] = source.titleTf[p]!;
    }
    this.bodyLengths.push(source.bodyLengths[passage]!);
    this.titleLengths.push(source.titleLengths[passage]!);
    return number;
  }

  private termIdOf(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.termIds.size;
      this.termIds.set(term, termId);
    }
    return termId;
  }

  private count(counts: Map<number, [number, number]>, term: string, field: 0 | 1): void {
    const termId = this.termIdOf(term);
    const entry = counts.get(termId);
    if (entry) entry[field]++;
    else counts.set(termId, field === 0 ? [1, 0] : [0, 1]);
  }

  build(): LexicalIndex {
    const termCount = this.termIds.size;
    const { term, passage, bodyTf: bodyIn, titleTf: titleIn, length: postingCount } = this.postings;
    // Counting sort by term keeps each term's postings in ascending passage order.
    const termOffsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < postingCount; i++) termOffsets[term[i]! + 1]!++;
    for (let t = 0; t < termCount; t++) termOffsets[t + 1]! += termOffsets[t]!;
    const cursor = termOffsets.slice(0, termCount);
    const passages = new Uint32Array(postingCount);
    const bodyTf = new Uint16Array(postingCount);
    const titleTf = new Uint8Array(postingCount);
    for (let i = 0; i < postingCount; i++) {
      const slot = cursor[term[i]!]!++;
      passages[slot] = passage[i]!;
      bodyTf[slot] = bodyIn[i]!;
      titleTf[slot] = titleIn[i]!;
    }
    this.sourceTermIds = null;
    this.postings = new PostingBuffer();
    return new LexicalIndex(
      [...this.termIds.keys()],
      termOffsets,
      passages,
      bodyTf,
      titleTf,
      Uint32Array.from(this.bodyLengths),
      Uint16Array.from(this.titleLengths),
    );
  }
}

/** One index's postings grouped by passage (LexicalIndex.byPassage); read by LexicalIndexBuilder.addFrom. */
export class PassagePostings {
  constructor(
    readonly terms: readonly string[],
    readonly offsets: Uint32Array,
    readonly termIds: Uint32Array,
    readonly bodyTf: Uint16Array,
    readonly titleTf: Uint8Array,
    readonly bodyLengths: Uint32Array,
    readonly titleLengths: Uint16Array,
  ) {}

  get passageCount(): number {
    return this.bodyLengths.length;
  }

  /** Calls `fn` with each posting of the passage (term id, body tf, title tf); returns its field lengths. */
  forEach(passage: number, fn: (term: number, bodyTf: number, titleTf: number) => void): { bodyLength: number; titleLength: number } {
    if (!(Number.isInteger(passage) && passage >= 0 && passage < this.passageCount)) throw new RangeError(`no passage ${passage}`);
    for (let p = this.offsets[passage]!; p < this.offsets[passage + 1]!; p++) fn(this.termIds[p]!, this.bodyTf[p]!, this.titleTf[p]!);
    return { bodyLength: this.bodyLengths[passage]!, titleLength: this.titleLengths[passage]! };
  }
}

export class LexicalIndex {
  private readonly termIds: Map<string, number>;
  private params: Bm25Params = { ...DEFAULT_BM25 };
  private lengthNorm!: Float64Array;
  /** Scratch buffers reused across queries; searches are synchronous, so one set is enough. */
  private readonly scores: Float64Array;
  private readonly groupTf: Float64Array;
  private readonly touched: Uint32Array;
  private readonly groupTouched: Uint32Array;
  private readonly matched: Float64Array;

  constructor(
    readonly terms: string[],
    private readonly termOffsets: Uint32Array,
    private readonly postingPassages: Uint32Array,
    private readonly postingBodyTf: Uint16Array,
    private readonly postingTitleTf: Uint8Array,
    private readonly bodyLengths: Uint32Array,
    private readonly titleLengths: Uint16Array,
  ) {
    this.termIds = new Map(terms.map((term, id) => [term, id]));
    const passages = bodyLengths.length;
    this.scores = new Float64Array(passages);
    this.groupTf = new Float64Array(passages);
    this.touched = new Uint32Array(passages);
    this.groupTouched = new Uint32Array(passages);
    this.matched = new Float64Array(passages);
    this.setParams(this.params);
  }

  get passageCount(): number {
    return this.bodyLengths.length;
  }

  get termCount(): number {
    return this.terms.length;
  }

  /**
   * The postings by passage (the transpose of the term-major layout), for a build that copies
   * unchanged passages into a new index (LexicalIndexBuilder.addFrom). Linear in the postings, 7
   * bytes each: ~150 MB at 200k passages, held by the caller for the build and then dropped.
   */
  byPassage(): PassagePostings {
    const count = this.postingPassages.length;
    const passages = this.passageCount;
    const offsets = new Uint32Array(passages + 1);
    for (let p = 0; p < count; p++) offsets[this.postingPassages[p]! + 1]!++;
    for (let i = 0; i < passages; i++) offsets[i + 1]! += offsets[i]!;
    const cursor = offsets.slice(0, passages);
    const terms = new Uint32Array(count);
    const bodyTf = new Uint16Array(count);
    const titleTf = new Uint8Array(count);
    for (let term = 0; term < this.terms.length; term++) {
      for (let p = this.termOffsets[term]!; p < this.termOffsets[term + 1]!; p++) {
        const slot = cursor[this.postingPassages[p]!]!++;
        terms[slot] = term;
        bodyTf[slot] = this.postingBodyTf[p]!;
        titleTf[slot] = this.postingTitleTf[p]!;
      }
    }
    return new PassagePostings(this.terms, offsets, terms, bodyTf, titleTf, this.bodyLengths, this.titleLengths);
  }

  /** BM25's length normalization depends on k1, b and the title weight: precompute it per passage. */
  setParams(params: Bm25Params): void {
    this.params = { ...params };
    const count = this.bodyLengths.length;
    let total = 0;
    for (let i = 0; i < count; i++) total += this.bodyLengths[i]! + params.titleWeight * this.titleLengths[i]!;
    const average = count ? total / count || 1 : 1;
    this.lengthNorm = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const length = this.bodyLengths[i]! + params.titleWeight * this.titleLengths[i]!;
      this.lengthNorm[i] = params.k1 * (1 - params.b + (params.b * length) / average);
    }
  }

  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.termOffsets[id + 1]! - this.termOffsets[id]!;
  }

  idf(documentFrequency: number): number {
    const n = this.bodyLengths.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /**
   * Index terms within one edit (insertion, deletion, substitution or transposition of neighbouring
   * letters, Damerau's OSA distance 1) of `term`, most frequent first, at most `limit`. For
   * misspelled question words (قاءد → قائد, موريطانيا → موريتانيا, بلجيكيا → بلجيكا).
   *
   * Every one-edit variant over the term's script's alphabet (oneEditVariants) is looked up in the
   * term map (about 70 × length lookups: some 30 µs for a long word); a SymSpell deletion map would
   * cost a map entry per term and letter. A leading `~` (root-stem terms) is kept as is.
   */
  neighbours(term: string, limit = 3): Array<{ term: string; documentFrequency: number }> {
    const marker = term.startsWith('~') ? '~' : '';
    const word = term.slice(marker.length);
    if (!word.length) return [];
    const alphabet = ARABIC_ALPHABET_LETTER.test(word) ? ARABIC_ALPHABET : LATIN_ALPHABET;
    const found = new Map<string, number>();
    for (const variant of oneEditVariants(word, alphabet)) {
      const df = this.documentFrequency(marker + variant);
      if (df > 0) found.set(variant, df);
    }
    return [...found]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([variant, documentFrequency]) => ({ term: marker + variant, documentFrequency }));
  }

  /** The idf a query term gets: over the weighted union of its alternatives. */
  termIdf(queryTerm: QueryTerm): number {
    let df = 0;
    for (const alternative of queryTerm.alternatives) df += alternative.weight * this.documentFrequency(alternative.term);
    return df > 0 ? this.idf(df) : 0;
  }

  /**
   * Top passages for a query. With `coordination` γ > 0 each BM25 score is multiplied by
   * (matched query mass / query mass)^γ, mass being Σ weight·idf over query terms (Lucene's old
   * "coord" factor, made idf-aware): BM25 alone lets many repeats of one rare word outrank a passage
   * that holds every word of the question.
   */
  search(query: readonly QueryTerm[], limit: number, coordination = 0): LexicalHit[] {
    const { scores, groupTf, touched, groupTouched, matched } = this;
    const titleWeight = this.params.titleWeight;
    const k1plus1 = this.params.k1 + 1;
    let touchedCount = 0;
    let totalMass = 0;
    for (const queryTerm of query) {
      let df = 0;
      let groupCount = 0;
      for (const alternative of queryTerm.alternatives) {
        const id = this.termIds.get(alternative.term);
        if (id === undefined || alternative.weight <= 0) continue;
        const from = this.termOffsets[id]!;
        const to = this.termOffsets[id + 1]!;
        df += alternative.weight * (to - from);
        for (let p = from; p < to; p++) {
          const passage = this.postingPassages[p]!;
          if (groupTf[passage] === 0) groupTouched[groupCount++] = passage;
          groupTf[passage] = groupTf[passage]! + alternative.weight * (this.postingBodyTf[p]! + titleWeight * this.postingTitleTf[p]!);
        }
      }
      if (groupCount === 0) continue;
      const weight = queryTerm.weight * this.idf(df);
      totalMass += weight;
      for (let i = 0; i < groupCount; i++) {
        const passage = groupTouched[i]!;
        const tf = groupTf[passage]!;
        groupTf[passage] = 0;
        if (tf <= 0) continue;
        if (scores[passage] === 0) touched[touchedCount++] = passage;
        scores[passage] = scores[passage]! + (weight * tf * k1plus1) / (tf + this.lengthNorm[passage]!);
        matched[passage] = matched[passage]! + weight;
      }
    }
    if (coordination > 0 && totalMass > 0) {
      for (let i = 0; i < touchedCount; i++) {
        const passage = touched[i]!;
        scores[passage] = scores[passage]! * (matched[passage]! / totalMass) ** coordination;
      }
    }
    const hits = topK(scores, touched, touchedCount, limit);
    for (let i = 0; i < touchedCount; i++) {
      scores[touched[i]!] = 0;
      matched[touched[i]!] = 0;
    }
    return hits;
  }

  serialize(): Buffer {
    const header = Buffer.from(
      JSON.stringify({
        terms: this.terms,
        termCount: this.terms.length,
        postings: this.postingPassages.length,
        passages: this.bodyLengths.length,
      }),
    );
    const parts: Buffer[] = [Buffer.from(MAGIC), uint32(header.length), header];
    for (const array of this.arrays()) {
      parts.push(pad(parts), Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    }
    return Buffer.concat(parts);
  }

  private arrays(): Array<Uint32Array | Uint16Array | Uint8Array> {
    return [this.termOffsets, this.postingPassages, this.postingBodyTf, this.postingTitleTf, this.bodyLengths, this.titleLengths];
  }

  /** Throws a plain Error describing the damage when the bytes are not a whole index. */
  static deserialize(bytes: Buffer): LexicalIndex {
    if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a lexical index file');
    const headerLength = bytes.readUInt32LE(4);
    if (8 + headerLength > bytes.length) throw new Error('lexical index is truncated');
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as {
      terms: string[];
      termCount: number;
      postings: number;
      passages: number;
    };
    let offset = 8 + headerLength;
    const take = <T extends Uint32Array | Uint16Array | Uint8Array>(Type: { new (length: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
      // The writer pads every array to a 4-byte boundary (see pad), whatever its element size: skip
      // the same bytes. Aligning to the element size instead read the title tfs two bytes early
      // whenever the posting count was odd.
      offset += (4 - (offset % 4)) % 4;
      const byteLength = length * Type.BYTES_PER_ELEMENT;
      if (offset + byteLength > bytes.length) throw new Error('lexical index is truncated');
      // A view, not a copy, when the file's buffer allows it (readFile gives a fresh, aligned buffer):
      // at 200k passages the postings are ~150 MB that would otherwise be held twice while loading.
      const absolute = bytes.byteOffset + offset;
      let array: T;
      if (absolute % Type.BYTES_PER_ELEMENT === 0) {
        array = new (Type as unknown as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T)(bytes.buffer, absolute, length);
      } else {
        array = new Type(length);
        new Uint8Array(array.buffer).set(bytes.subarray(offset, offset + byteLength));
      }
      offset += byteLength;
      return array;
    };
    const termOffsets = take(Uint32Array, header.termCount + 1);
    const passages = take(Uint32Array, header.postings);
    const bodyTf = take(Uint16Array, header.postings);
    const titleTf = take(Uint8Array, header.postings);
    const bodyLengths = take(Uint32Array, header.passages);
    const titleLengths = take(Uint16Array, header.passages);
    if (header.terms.length !== header.termCount || termOffsets[header.termCount] !== header.postings) {
      throw new Error('lexical index is inconsistent');
    }
    return new LexicalIndex(header.terms, termOffsets, passages, bodyTf, titleTf, bodyLengths, titleLengths);
  }
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

/** Pads so the next typed array starts 4-byte aligned (the reader skips the same bytes). */
function pad(parts: Buffer[]): Buffer {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return Buffer.alloc((4 - (length % 4)) % 4);
}

/** Best `limit` entries by score (ties: lower passage number first), without sorting everything. */
export function topK(scores: Float64Array, candidates: Uint32Array, count: number, limit: number): LexicalHit[] {
  if (limit <= 0 || count === 0) return [];
  const heap: LexicalHit[] = [];
  const worse = (a: LexicalHit, b: LexicalHit) => a.score < b.score || (a.score === b.score && a.passage > b.passage);
  for (let i = 0; i < count; i++) {
    const passage = candidates[i]!;
    const hit = { passage, score: scores[passage]! };
    if (heap.length < limit) {
      heap.push(hit);
      let child = heap.length - 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!worse(heap[child]!, heap[parent]!)) break;
        [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
        child = parent;
      }
    } else if (worse(heap[0]!, hit)) {
      heap[0] = hit;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === parent) break;
        [heap[smallest], heap[parent]] = [heap[parent]!, heap[smallest]!];
        parent = smallest;
      }
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.passage - b.passage);
}
