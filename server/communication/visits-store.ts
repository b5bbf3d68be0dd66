// 业户走访 storage (seed 002 §6): one document per visit in `visits`. The counted visit of a room in a
// month has the id derived from (community, month, room), so a second visit of that room — or two
// staff recording it at once — cannot both count: the insert of the second is a duplicate and it is
// stored as a visit that does not count. `room_visits` keeps each room's latest visit, for the
// households not visited for the longest time. Figures by community-month, from indexed queries only.
import crypto from 'crypto';
import type { Topic } from '../../domain/model';
import { countedVisitId, visitProgress, type VisitWay } from '../../domain/visits';
import type { Database } from '../kernel/ports';

export interface VisitDoc {
  _id: string;
  communityId: string;
  month: string;
  roomId: string;
  room: string;
  visitedOn: string;
  visitedAt: Date;
  way: VisitWay;
  /** suggestionId/suggestionNumber: absent on visits recorded before opinions could become suggestions. */
  opinions: Array<{ topic: Topic; text: string; complaintId: string | null; complaintNumber: string | null; suggestionId?: string | null; suggestionNumber?: string | null }>;
  followUps: string;
  staffId: string;
  staffName: string;
  counted: boolean;
  recordedAt: Date;
}

/** The counted visit's id: a hash of its unique key (ids stay short and cursor-safe). */
export function countedVisitDocId(communityId: string, month: string, roomId: string): string {
  return `v-${crypto.createHash('sha256').update(countedVisitId(communityId, month, roomId)).digest('hex').slice(0, 32)}`;
}

export function extraVisitDocId(): string {
  return `v-${crypto.randomBytes(16).toString('hex')}`;
}


/** Most staff of one community: a month's visits grouped by who made them, in one read. */
const STAFF_GROUPS = 500;

/** Counted visits of a community-month by staff member (index community_month_counted_staff). */
export async function visitsByStaff(db: Database, communityId: string, month: string): Promise<Array<{ staffId: string; name: string; visits: number }>> {
  const $ = db.command.aggregate;
  const { data } = await db
    .collection('visits')
    .aggregate()
    .match({ communityId, month, counted: true })
    .group({ _id: '$staffId', name: $.first('$staffName'), n: $.sum(1) })
    .limit(STAFF_GROUPS)
    .end();
  return visitProgress(
    0,
    (data as Array<{ _id: string; name: string; n: number }>).flatMap((g) => Array.from({ length: g.n }, () => ({ staffId: g._id, staffName: g.name, counted: true }))),
  ).byStaff;
}

/** Counted visits of several communities in a month, in one grouped read. */
export async function visitsDone(db: Database, communityIds: string[], month: string): Promise<Map<string, number>> {
  if (communityIds.length === 0) return new Map();
  const _ = db.command;
  const { data } = await db
    .collection('visits')
    .aggregate()
    .match({ communityId: _.in(communityIds), month, counted: true })
    .group({ _id: '$communityId', n: db.command.aggregate.sum(1) })
    .limit(communityIds.length)
    .end();
  return new Map((data as Array<{ _id: string; n: number }>).map((g) => [g._id, g.n]));
}
