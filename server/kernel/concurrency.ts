// Bounded concurrency over a queue of work: the scheduler's documents, the fold's days, the
// totals' community-months, the dashboard's missing rows.

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
