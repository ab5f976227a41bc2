/**
 * Worker thread of scaleIndex.ts: makes the stand-in vectors and inserts them into the HNSW graph
 * while the main thread builds the lexical index (hnswlib-node inserts on one thread, so the two
 * halves of the build use both cores). Saves the graph to `file` and sends the vectors back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VectorIndex } from '../../src/index/vectorIndex.ts';
import { randomUnitVectors } from './stats.ts';

export interface GraphJob {
  count: number;
  dimensions: number;
  seed: number;
  efConstruction: number;
  file: string;
}

export type GraphReply = { type: 'progress'; done: number } | { type: 'done'; embeddings: Float32Array } | { type: 'failed'; message: string };

async function main(job: GraphJob): Promise<void> {
  const embeddings = randomUnitVectors(job.count, job.dimensions, job.seed);
  const graph = VectorIndex.create(job.dimensions, job.count, { efConstruction: job.efConstruction });
  let lastReport = performance.now();
  for (let label = 0; label < job.count; label++) {
    graph.add(label, embeddings.subarray(label * job.dimensions, (label + 1) * job.dimensions));
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      parentPort!.postMessage({ type: 'progress', done: label } satisfies GraphReply);
    }
  }
  await graph.save(job.file);
  parentPort!.postMessage({ type: 'done', embeddings } satisfies GraphReply, [embeddings.buffer as ArrayBuffer]);
}

main(workerData as GraphJob).catch((error: unknown) => {
  parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies GraphReply);
});
