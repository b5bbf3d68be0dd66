// Operation counts per function invocation and per collection: what CloudBase bills (reads and
// writes) and what makes a query slow (documents scanned). Read by the benchmarks over HTTP.
import type { Counters } from './app';

export interface Tally {
  calls: number;
  reads: number;
  writes: number;
  scanned: number;
  /** Sorts no index served: the documents were read whole and sorted in memory. */
  inMemorySorts: number;
  /**
   * Bytes of the documents the database sent back (their EJSON, after any projection): what a query
   * costs on the wire, to set beside what the function answers.
   */
  bytesRead: number;
}

const zero = (): Tally => ({ calls: 0, reads: 0, writes: 0, scanned: 0, inMemorySorts: 0, bytesRead: 0 });

export function operationCounters(): Counters {
  let byInvocation = new Map<string, Tally & { byCollection: Record<string, Tally> }>();
  let byCollection = new Map<string, Tally>();
  let total = zero();
  const add = (t: Tally, e: { reads?: number; writes?: number; scanned?: number; inMemorySorts?: number; bytesRead?: number }) => {
    t.calls += 1;
    t.reads += e.reads ?? 0;
    t.writes += e.writes ?? 0;
    t.scanned += e.scanned ?? 0;
    t.inMemorySorts += e.inMemorySorts ?? 0;
    t.bytesRead += e.bytesRead ?? 0;
  };
  return {
    record(e) {
      add(total, e);
      if (e.collection) {
        const c = byCollection.get(e.collection) ?? zero();
        add(c, e);
        byCollection.set(e.collection, c);
      }
      if (e.invocation) {
        const inv = byInvocation.get(e.invocation) ?? { ...zero(), byCollection: {} };
        add(inv, e);
        if (e.collection) add((inv.byCollection[e.collection] ??= zero()), e);
        byInvocation.set(e.invocation, inv);
      }
    },
    snapshot() {
      return { total, byCollection: Object.fromEntries(byCollection), byInvocation: Object.fromEntries(byInvocation) };
    },
    ofInvocation(invocation) {
      const t = byInvocation.get(invocation);
      return t && { reads: t.reads, writes: t.writes, scanned: t.scanned, inMemorySorts: t.inMemorySorts, bytesRead: t.bytesRead };
    },
    reset() {
      byInvocation = new Map();
      byCollection = new Map();
      total = zero();
    },
  };
}
