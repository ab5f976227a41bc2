/**
 * Long synchronous work on a thread that also answers questions (loading an index, building
 * lookup tables, hashing files) gives way to the event loop every few milliseconds, so that no
 * answer waits behind it for long. One helper for every such loop, one slice length for all.
 */

/** How long a loop may run before it lets other callbacks in (ms). */
export const SLICE_MS = 15;

/** Resolves after the callbacks and I/O already waiting have run. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A loop's clock: check `due` (cheap) as often as convenient and `await yield()` when it is true.
 *
 *   const slices = new TimeSlices();
 *   for (const item of items) {
 *     work(item);
 *     if (slices.due) await slices.yield();
 *   }
 */
export class TimeSlices {
  private sliceStarted = performance.now();

  constructor(private readonly sliceMs: number = SLICE_MS) {}

  get due(): boolean {
    return performance.now() - this.sliceStarted >= this.sliceMs;
  }

  async yield(): Promise<void> {
    await yieldToEventLoop();
    this.sliceStarted = performance.now();
  }
}
