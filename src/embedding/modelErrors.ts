/**
 * The model-loading error, apart from embedder.ts so that code which only reports it (the engine,
 * the worker embedder's main-thread side) does not import transformers.js: with the model in a
 * worker, the main thread never needs that library, and importing it costs ~0.5 s of start-up.
 */
/** The model could not be loaded; `message` is one line meant for users, `cause` keeps the detail for logs. */
export class ModelUnavailableError extends Error {
  readonly code = 'MODEL_UNAVAILABLE';
  constructor(
    readonly modelId: string,
    readonly reason: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`Embedding model ${modelId || '(none)'} could not be loaded (${reason}): ${fix}; answering with lexical search only.`, options);
    this.name = 'ModelUnavailableError';
  }
}
