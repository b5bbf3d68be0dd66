// The view model of a complaint in a list: only what complaint-card renders.
import type { ComplaintCard, Wire } from '../../typings/api';
import { RUNNING_STATUSES, STATUS_LABELS, STATUS_TAG, URGENCY_LABELS } from './labels';
import { deadline, formatTime, type DeadlineTone } from './time';

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
}

export function cardView(c: Wire<ComplaintCard>, now = new Date()): CardView {
  const running = RUNNING_STATUSES.has(c.status);
  const due = running ? deadline(c.resolveBy ?? c.respondBy, now) : null;
  return {
    id: c.id,
    number: c.number,
    status: STATUS_LABELS[c.status],
    tag: STATUS_TAG[c.status],
    urgency: c.urgency === 'urgent' ? URGENCY_LABELS.urgent : '',
    summary: c.description,
    submitted: formatTime(c.submittedAt, now),
    due: due?.text ?? '',
    dueTone: due?.tone ?? '',
  };
}
