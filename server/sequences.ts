// Numbers per day that people quote: TS20261122-0007 (complaints), JY20261129-0003 (suggestions) —
// one atomic increment of a `sequences` document per kind and day.
import { localDate } from '../domain/calendar';
import { ApiError } from './errors';
import type { Deps } from './ports';

export async function dailyNumber(deps: Deps, kind: 'complaint' | 'suggestion', prefix: string, now: Date): Promise<string> {
  const day = localDate(now).replace(/-/g, '');
  const seq = deps.db.collection('sequences');
  const _ = deps.db.command;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await seq.where({ _id: `${kind}-${day}` }).updateAndReturn({ n: _.inc(1) });
    if (res.doc) return `${prefix}${day}-${String(res.doc.n).padStart(4, '0')}`;
    try {
      await seq.add({ _id: `${kind}-${day}`, n: 1 });
      return `${prefix}${day}-0001`;
    } catch (e) {
      if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
  }
  throw new ApiError('CONFLICT', `could not allocate a ${kind} number`, '提交的人太多，请稍后再试');
}
