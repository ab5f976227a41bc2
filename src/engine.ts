/**
 * The retrieval core the CLI and the bot share (src/engine/): start it with createEngine. This entry
 * keeps importers' paths short.
 */
export { createEngine } from './engine/createEngine.ts';
export type { Engine } from './engine/coreEngine.ts';
export { tryLoadEmbedder } from './embedding/tryLoadEmbedder.ts';
