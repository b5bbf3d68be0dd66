// 业户走访 (seed 002 §6): staff record a visit — the room from the property's list, the way, the day,
// the owner's opinions on each topic of seed 002 §3 and what is to be followed up. After saving, each
// opinion becomes a complaint (complaint.record, then visit.link) or a suggestion of the room's owner
// (visit.suggest) in one tap, linked both ways.
import type { Topic } from '../../../../domain/model';
import type { VisitWay } from '../../../../domain/visits';
import type { PickedRoom } from '../../../components/room-picker/index';
import { call, messageOf } from '../../../services/api';
import { me } from '../../../services/session';
import { TOPIC_LABELS, TOPIC_ORDER, VISIT_WAY_LABELS } from '../../../utils/labels';

/** number: the complaint it became; suggestion: the suggestion it became (one or the other). */
type Opinion = { topic: Topic; label: string; text: string; number: string; suggestion: string; busy: boolean };
const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
/** Today in Beijing time, as the contract's dates are written. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const blankTopics = () => TOPIC_ORDER.map((topic) => ({ topic, label: TOPIC_LABELS[topic], text: '' }));

Component({
  data: {
    communities: [] as Array<{ id: string; name: string }>,
    room: null as PickedRoom | null,
    ways: (Object.keys(VISIT_WAY_LABELS) as VisitWay[]).map((value) => ({ value, label: VISIT_WAY_LABELS[value] })),
    way: 'home' as VisitWay,
    visitedOn: today(),
    topics: blankTopics(),
    followUps: '',
    name: '',
    phone: '',
    errors: { room: '', visitedOn: '' },
    busy: false,
    error: '',
    saved: false,
    visitId: '',
    resultText: '',
    savedOpinions: [] as Opinion[],
  },
  methods: {
    async onLoad() {
      try {
        const m = await me();
        this.setData({ communities: m.communities });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },
    onRoom(e: { detail: { communityId: string; room: PickedRoom | null } }) {
      this.setData({ room: e.detail.room, 'errors.room': e.detail.room ? '' : this.data.errors.room });
    },
    onValue(e: { currentTarget: { dataset: { key: string } }; detail: string }) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail });
    },
    onOpinion(e: { currentTarget: { dataset: { topic: Topic } }; detail: string }) {
      const i = TOPIC_ORDER.indexOf(e.currentTarget.dataset.topic);
      this.setData({ [`topics[${i}].text`]: e.detail });
    },
    async onSave() {
      const { room, visitedOn } = this.data;
      const errors = { room: room ? '' : '请选择走访的房屋', visitedOn: /^\d{4}-\d{2}-\d{2}$/.test(visitedOn) ? '' : '请按 2026-11-18 的格式填写日期' };
      this.setData({ errors, error: '' });
      if (errors.room || errors.visitedOn || !room) return;
      const opinions = this.data.topics.filter((t) => t.text.trim() !== '').map((t) => ({ topic: t.topic, text: t.text.trim() }));
      this.setData({ busy: true });
      try {
        const r = await call('visit.record', { communityId: room.communityId, roomId: room.roomId, visitedOn, way: this.data.way, opinions, followUps: this.data.followUps });
        const resultText = r.counted
          ? `已记录 ${room.label} 的走访。本月已走访 ${r.done} 户，目标 ${r.target} 户。`
          : `已记录 ${room.label} 的走访。这户本月已走访过，这次不重复计数（本月已走访 ${r.done} 户，目标 ${r.target} 户）。`;
        const savedOpinions = opinions.map((o) => ({ topic: o.topic, label: TOPIC_LABELS[o.topic], text: o.text, number: '', suggestion: '', busy: false }));
        this.setData({ saved: true, visitId: r.id, resultText, savedOpinions });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** One tap: the opinion is recorded as a complaint on the owner's behalf and linked to this visit. */
    async onComplain(e: { currentTarget: { dataset: { topic: Topic } } }) {
      const { room, name, phone, way, visitId } = this.data;
      const i = this.data.savedOpinions.findIndex((o) => o.topic === e.currentTarget.dataset.topic);
      const opinion = this.data.savedOpinions[i];
      if (!room || !opinion) return;
      if (name.trim() === '' || !PHONE.test(phone)) {
        this.setData({ error: '转为投诉前，请在上方填写业户的姓名和电话' });
        return;
      }
      this.setData({ [`savedOpinions[${i}].busy`]: true, error: '' });
      try {
        const filed = await call('complaint.record', {
          requestId: `visit-${visitId}-${opinion.topic}`,
          channel: way === 'phone' ? 'phone' : 'walk_in',
          complainant: { name: name.trim(), phone },
          communityId: room.communityId,
          location: { kind: 'room', building: room.building, unit: room.unit || undefined, room: room.room },
          description: `业户走访时反映（${opinion.label}）：${opinion.text}`,
        });
        await call('visit.link', { visitId, topic: opinion.topic, complaintId: filed.id });
        this.setData({ [`savedOpinions[${i}].number`]: filed.number });
      } catch (err) {
        this.setData({ error: messageOf(err) });
      } finally {
        this.setData({ [`savedOpinions[${i}].busy`]: false });
      }
    },
    /** One tap: the opinion becomes a suggestion of the room's registered owner, answered to them in the app. */
    async onSuggest(e: { currentTarget: { dataset: { topic: Topic } } }) {
      const i = this.data.savedOpinions.findIndex((o) => o.topic === e.currentTarget.dataset.topic);
      const opinion = this.data.savedOpinions[i];
      if (!opinion) return;
      this.setData({ [`savedOpinions[${i}].busy`]: true, error: '' });
      try {
        const r = await call('visit.suggest', { visitId: this.data.visitId, topic: opinion.topic });
        this.setData({ [`savedOpinions[${i}].suggestion`]: r.number });
      } catch (err) {
        this.setData({ error: messageOf(err) });
      } finally {
        this.setData({ [`savedOpinions[${i}].busy`]: false });
      }
    },
    onAnother() {
      this.setData({ saved: false, visitId: '', resultText: '', savedOpinions: [], topics: blankTopics(), followUps: '', name: '', phone: '', error: '' });
    },
  },
});
