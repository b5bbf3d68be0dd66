// Bounded concurrency over a queue of work (the scheduler's documents, the fold's days, the
// totals' community-months, the dashboard's missing rows), and the one compare-and-set loop.

/**
 * Work through `queue` with at most `n` items under way at once, taking the next one only while
 * `go()` allows (a deadline, a budget); what is under way finishes. What was not taken stays in
 * `queue`, in order.
 */
export async function workThrough<T>(queue: T[], n: number, work: (item: T) => Promise<void>, go: () => boolean = () => true): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (queue.length > 0 && go()) await work(queue.shift() as T);
    }),
  );
}

/** What one compare-and-set attempt says: written (with its result), or lost to another writer. */
export type Attempt<R> = { written: true; result: R } | { written: false };

/**
 * The one compare-and-set loop (a versioned document in server/kernel/store.ts, a statistics day on
 * its fold count): read, change, write on the condition that nothing changed since the read, and on a
 * lost race read again and retry, at most `attempts` times. Undefined when every attempt was lost: the
 * caller says what that means (a CONFLICT for a person's command, the next run for the fold).
 */
export async function compareAndSet<S, R>(attempts: number, read: (attempt: number) => Promise<S>, write: (current: S) => Promise<Attempt<R>>): Promise<R | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const outcome = await write(await read(attempt));
    if (outcome.written) return outcome.result;
  }
  return undefined;
}
