// Complaints in the database: one versioned document per complaint (server/kernel/store.ts) holding its
// state and the latest entries of its timeline (the older ones: server/complaints/timeline.ts), with the
// running deadline and next timer stored beside it to be found by index.
import type { Complaint, ComplaintEvent } from '../../domain/complaint';
import { evolve, readers, runningDeadline, summarised } from '../../domain/complaint';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import { notificationsFor, type NotificationIntent } from '../../domain/notifications';
import type { Policy } from '../../domain/policy';
import { nextTimerAt } from '../../domain/timers';
import type { Deps } from '../kernel/ports';
import { newOutboxEntries, versionedStore, type OutboxEntry, type Stored } from '../kernel/store';
import { keepRecent } from './timeline';
import { descriptionExcerpt } from './views';

export type StoredComplaint = Stored<Complaint>;

export const complaints = versionedStore<Complaint>({
  collection: 'complaints',
  notFound: 'LIFECYCLE.NOT_FOUND',
  // Monthly statistics fold every complaint's facts into its day (server/statistics/days.ts).
  folded: true,
  // dueAt: domain runningDeadline(), what 即将超时 / 已超时 find; awaitingReply: 待答复 (seed 003 (8)).
  // readers: whose 我的投诉 lists it (the filer, and the owner who invited a family member or tenant).
  // descriptionExcerpt: what a list card shows of the description, so lists read no more (server/complaints/cards.ts).
  indexFields: (c, policy) => ({
    readers: readers(c),
    nextTimerAt: nextTimerAt(c, policy),
    dueAt: runningDeadline(c),
    awaitingReply: c.reply !== null && c.reply.recordedAt === null && c.status === 'resolved',
    descriptionExcerpt: descriptionExcerpt(c.description),
    // Filed while a matching notice was in force and shown (monthly statistics count these by index).
    noticeShown: c.noticesShown.length > 0,
  }),
  fromFields(id, fields) {
    const { dueAt: _due, awaitingReply: _reply, readers: _readers, descriptionExcerpt: _excerpt, noticeShown: _shown, ...own } = fields;
    // Fields added after a complaint was stored start empty.
    type Later = 'blockedPhotos' | 'personalDataErasedAt' | 'ratings' | 'reply' | 'noticesShown' | 'fromSuggestion' | 'resolveWithin' | 'timelineLength' | 'ownerEntries' | 'resolutionStartedAt' | 'firstResolvedAt';
    const stored = own as Omit<Complaint, 'id' | Later> & Partial<Pick<Complaint, Later>>;
    // Before every score was kept, only the owner's latest rating was.
    const ratings = stored.ratings ?? (stored.rating ? [{ ...stored.rating, source: 'owner' as const, round: stored.reopenCount + 1 }] : []);
    const state = { ...stored, noticesShown: stored.noticesShown ?? [], fromSuggestion: stored.fromSuggestion ?? null, resolveWithin: stored.resolveWithin ?? null, blockedPhotos: stored.blockedPhotos ?? [], personalDataErasedAt: stored.personalDataErasedAt ?? null, ratings, reply: stored.reply ?? null, id };
    if (stored.timelineLength !== undefined) return { ...state, timelineLength: stored.timelineLength, ownerEntries: stored.ownerEntries!, resolutionStartedAt: stored.resolutionStartedAt ?? null, firstResolvedAt: stored.firstResolvedAt ?? null };
    // Stored before the timeline had a collection of its own, with all of it on the document: read as
    // it is (its counts and summaries from its timeline), and its next write moves the older entries out
    // (keepRecent). `photos` then held every 补充信息's photos too; it is the intake's again.
    const first = state.timeline[0];
    return summarised({ ...state, photos: first?.type === 'submitted' ? first.photos : state.photos });
  },
  beforeWrite: keepRecent,
});

/** Delivered (or given up) notifications a complaint keeps, the latest: enough to see what went out lately. */
const SETTLED_KEPT = 10;

/**
 * The outbox without the settled entries beyond the latest SETTLED_KEPT, so a long history does not
 * grow it. A settled entry is never sent again and its key (the entry's seq) is never issued again, so
 * dropping it cannot cause a second send; pending and sending ones are all kept.
 */
function withoutOldSettled(outbox: OutboxEntry[]): OutboxEntry[] {
  const settled = outbox.filter((e) => e.status !== 'pending' && e.status !== 'sending');
  const dropped = new Set(settled.slice(0, -SETTLED_KEPT));
  return dropped.size === 0 ? outbox : outbox.filter((e) => !dropped.has(e));
}

/** Apply events to a complaint: the next state and the outbox with their notifications. */
export function applyEvents(stored: { state: Complaint | null; outbox: OutboxEntry[] }, events: ComplaintEvent[], policy: Policy, now: Date): { state: Complaint; outbox: OutboxEntry[] } {
  let state = stored.state;
  let outbox = stored.outbox;
  const intents: NotificationIntent[] = [];
  for (const e of events) {
    state = evolve(state, e);
    // Withdrawn before its intake alerts went out: staff are not sent to a complaint that is gone.
    if (e.type === 'withdrawn') outbox = outbox.map((o) => (o.status === 'pending' && o.recipient.kind !== 'owner' ? { ...o, status: 'cancelled' } : o));
    // Acknowledged (接单): every staff alert still waiting — a robot post or an SMS to retry, a task
    // not yet sent — stops; the person who took it on is at work (issue 27.1).
    if (e.type === 'accepted') outbox = outbox.map((o) => (o.status === 'pending' && o.alert !== undefined ? { ...o, status: 'cancelled', lastError: 'acknowledged' } : o));
    intents.push(...notificationsFor(e, state.timelineLength, state, policy));
  }
  return { state: state!, outbox: [...withoutOldSettled(outbox), ...newOutboxEntries(intents, now)] };
}

const SYSTEM: Actor = { role: 'system', id: 'system' };

/** Decide a command on the complaint as it is now and write its events (with their notifications). */
export async function updateComplaint(deps: Deps, id: string, commandFor: (c: Complaint) => Command | null, actor: Actor = SYSTEM): Promise<Complaint> {
  const { after } = await complaints.mutate(deps, id, (stored, now, policy) => {
    const command = commandFor(stored.state);
    return command === null ? null : applyEvents(stored, decide(command, stored.state, actor, now, policy), policy, now);
  });
  return after;
}
