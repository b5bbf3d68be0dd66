// The view model of a complaint in a list: only what complaint-card renders.
import type { ComplaintCard, Wire } from '../../typings/api';
import { RELATION_LABELS, stateLabel, STATUS_TAG, URGENCY_LABELS } from './labels';
import { deadline, deadlineKind, formatTime, type DeadlineTone } from './time';

export interface CardView {
  id: string;
  number: string;
  status: string;
  tag: string;
  urgency: string;
  summary: string;
  submitted: string;
  due: string;
  dueTone: DeadlineTone | '';
  /** 「家属 张小明 提交」 when someone else of the household filed it; empty otherwise. */
  filedBy: string;
}

export function cardView(c: Wire<ComplaintCard>, now = new Date()): CardView {
  // The server says which deadline runs (none while resolved, closed or paused).
  const due = c.dueAt ? deadline(c.dueAt, deadlineKind(c), now) : null;
  return {
    id: c.id,
    number: c.number,
    status: stateLabel(c),
    tag: STATUS_TAG[c.status],
    // Before triage the intake's judgement from the text is all there is, and staff must see it to
    // take the urgent first; marked as not yet confirmed.
    urgency: c.urgency === 'urgent' ? URGENCY_LABELS.urgent : c.urgency === null && c.suggestedUrgency === 'urgent' ? `${URGENCY_LABELS.urgent}（待确认）` : '',
    summary: c.description,
    submitted: formatTime(c.submittedAt, now),
    due: due?.text ?? '',
    dueTone: due?.tone ?? '',
    filedBy: c.filedBy ? `${RELATION_LABELS[c.filedBy.relation]} ${c.filedBy.name} 提交` : '',
  };
}

/** A keyset page of cards as the api answers it. */
export type CardPage = { items: Array<Wire<ComplaintCard>>; next: string | null };

/** The setData update that appends a keyset page after `start` cards, by path keys only. */
export function appendCards(start: number, page: CardPage): Record<string, CardView | string | null | boolean> {
  const update: Record<string, CardView | string | null | boolean> = { next: page.next, loadingMore: false };
  page.items.forEach((c, i) => (update[`items[${start + i}]`] = cardView(c)));
  return update;
}

/** The setData update for a list's first page: its cards, or the empty state with `emptyMessage`. */
export function firstCards(page: CardPage, emptyMessage: string): Record<string, CardView[] | string | null> {
  return { state: page.items.length ? 'ready' : 'empty', message: emptyMessage, items: page.items.map((c) => cardView(c)), next: page.next };
}
