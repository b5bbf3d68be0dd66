// Complaints in the database: one versioned document per complaint (server/kernel/store.ts) holding its
// state and timeline, with the running deadline and next timer stored beside it to be found by index.
import type { Complaint, ComplaintEvent } from '../../domain/complaint';
import { evolve, readers, runningDeadline } from '../../domain/complaint';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import { notificationsFor, type NotificationIntent } from '../../domain/notifications';
import type { Policy } from '../../domain/policy';
import { firstResolvedAt } from '../../domain/statistics';
import { nextTimerAt } from '../../domain/timers';
import type { Deps } from '../kernel/ports';
import { newOutboxEntries, versionedStore, type OutboxEntry, type Stored } from '../kernel/store';
import { descriptionExcerpt } from './views';

export type StoredComplaint = Stored<Complaint>;

export const complaints = versionedStore<Complaint>({
  collection: 'complaints',
  notFound: 'LIFECYCLE.NOT_FOUND',
  // dueAt: domain runningDeadline(), what 即将超时 / 已超时 find; awaitingReply: 待答复 (seed 003 (8)).
  // firstResolvedAt: kept beside the state so statistics read the figures' fields, not the timeline.
  // readers: whose 我的投诉 lists it (the filer, and the owner who invited a family member or tenant).
  // descriptionExcerpt: what a list card shows of the description, so lists read no more (server/complaints/cards.ts).
  indexFields: (c, policy) => ({
    readers: readers(c),
    nextTimerAt: nextTimerAt(c, policy),
    dueAt: runningDeadline(c),
    awaitingReply: c.reply !== null && c.reply.recordedAt === null && c.status === 'resolved',
    firstResolvedAt: firstResolvedAt(c),
    descriptionExcerpt: descriptionExcerpt(c.description),
    // Filed while a matching notice was in force and shown (monthly statistics count these by index).
    noticeShown: c.noticesShown.length > 0,
  }),
  fromFields(id, fields) {
    const { dueAt: _due, awaitingReply: _reply, firstResolvedAt: _first, readers: _readers, descriptionExcerpt: _excerpt, noticeShown: _shown, ...own } = fields;
    // Fields added after a complaint was stored start empty.
    const stored = own as Omit<Complaint, 'id' | 'blockedPhotos' | 'personalDataErasedAt' | 'ratings' | 'reply' | 'noticesShown' | 'fromSuggestion' | 'resolveWithin'> &
      Partial<Pick<Complaint, 'blockedPhotos' | 'personalDataErasedAt' | 'ratings' | 'reply' | 'noticesShown' | 'fromSuggestion' | 'resolveWithin'>>;
    // Before every score was kept, only the owner's latest rating was.
    const ratings = stored.ratings ?? (stored.rating ? [{ ...stored.rating, source: 'owner' as const, round: stored.reopenCount + 1 }] : []);
    return { ...stored, noticesShown: stored.noticesShown ?? [], fromSuggestion: stored.fromSuggestion ?? null, resolveWithin: stored.resolveWithin ?? null, blockedPhotos: stored.blockedPhotos ?? [], personalDataErasedAt: stored.personalDataErasedAt ?? null, ratings, reply: stored.reply ?? null, id };
  },
});

/** Apply events to a complaint: the next state and the outbox with their notifications. */
export function applyEvents(stored: { state: Complaint | null; outbox: OutboxEntry[] }, events: ComplaintEvent[], policy: Policy, now: Date): { state: Complaint; outbox: OutboxEntry[] } {
  let state = stored.state;
  let outbox = stored.outbox;
  const intents: NotificationIntent[] = [];
  for (const e of events) {
    state = evolve(state, e);
    // Withdrawn before its intake alerts went out: staff are not sent to a complaint that is gone.
    if (e.type === 'withdrawn') outbox = outbox.map((o) => (o.status === 'pending' && o.recipient.kind !== 'owner' ? { ...o, status: 'cancelled' } : o));
    intents.push(...notificationsFor(e, state.timeline.length, state, policy));
  }
  return { state: state!, outbox: [...outbox, ...newOutboxEntries(intents, now)] };
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
