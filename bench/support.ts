// What the benchmarks share: timing a batch of calls at a fixed concurrency, and their percentiles.
import { performance } from 'perf_hooks';

/** Run `task` for 0..n-1 with at most `concurrency` at once; each call's wall time in ms. */
export async function timed(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const start = performance.now();
        await task(i);
        times[i] = performance.now() - start;
      }
    }),
  );
  return times;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
