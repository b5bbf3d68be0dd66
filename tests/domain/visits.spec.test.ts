// The visit's decider, given/when/then (tests/support/decider.ts): seed 002 (6) 业户访问日常意见征询 —
// a room of the community is visited on a day of this month or the last (the month's count), never
// in the future; each opinion is recorded, not yet a complaint or a suggestion.
import { visitDecider, type VisitCommand } from '../../domain/visits';
import { DEFAULT_POLICY } from '../../domain/policy';
import { deciderSpec } from '../support/decider';

const spec = deciderSpec({ ...visitDecider, initialState: { room: { communityId: 'c1', label: '3栋2单元301' } } });
const t = (iso: string) => new Date(iso);
const record = (visitedOn: string): VisitCommand => ({ type: 'record', communityId: 'c1', roomId: 'r1', visitedOn, way: 'home', opinions: [{ topic: 'cleaning', text: '楼道没扫干净' }], followUps: '', staffId: 's1', staffName: '王主管' });

describe('seed 002 (6): a visit is recorded for the month it happened in', () => {
  it('a visit today is recorded for the room, its opinions not yet turned into anything', () => {
    const now = t('2026-12-02T10:00:00+08:00');
    spec.given([]).when(record('2026-12-02'), now).then([{
      type: 'visited', communityId: 'c1', roomId: 'r1', room: '3栋2单元301', month: '2026-12', visitedOn: '2026-12-02', visitedAt: t('2026-12-02T00:00:00+08:00'), way: 'home',
      opinions: [{ topic: 'cleaning', text: '楼道没扫干净', complaintId: null, complaintNumber: null, suggestionId: null, suggestionNumber: null }], followUps: '', staffId: 's1', staffName: '王主管', recordedAt: now,
    }]);
  });
  it('a late entry of last month counts for last month', () => {
    const [event] = visitDecider.decide(record('2026-11-30'), { room: { communityId: 'c1', label: '3栋2单元301' } }, DEFAULT_POLICY, t('2026-12-02T10:00:00+08:00'));
    expect(event).toMatchObject({ month: '2026-11' });
  });
  it('a day in the future, a month before last, and a room not in the community are refused', () => {
    const now = t('2026-12-02T10:00:00+08:00');
    spec.given([]).when(record('2026-12-03'), now).thenRefused('VISITS.DATE_IN_FUTURE');
    spec.given([]).when(record('2026-10-31'), now).thenRefused('VISITS.DATE_TOO_OLD');
    deciderSpec({ ...visitDecider, initialState: { room: { communityId: 'c2', label: '1栋101' } } }).given([]).when(record('2026-12-02'), now).thenRefused('VISITS.NO_ROOM');
    deciderSpec(visitDecider).given([]).when(record('2026-12-02'), now).thenRefused('VISITS.NO_ROOM');
  });
});
