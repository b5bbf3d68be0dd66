// 住户名册导入: the office downloads its roll as it stands (a template), fills it in Excel, sends it to
// itself in WeChat, picks it here, reads the preview row by row, and confirms; the apply runs in
// batches, a few per call, and this page calls again until all are done (an interrupted import
// resumes), its bar moving with the rooms each call really wrote.
import type { HouseholdPreview, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { chooseSpreadsheet, uploadSpreadsheet } from '../../../services/chat-files';
import { openSpreadsheet } from '../../../services/files';
import { privacyMessage } from '../../../services/privacy';
import { me } from '../../../services/session';

/** 4800 → 「4,800」. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const RELATION_WORDS = { owner: '业主', family: '家属', tenant: '租户' } as const;

/** 「3 人将解除绑定：业主 1 人、家属 1 人、租户 1 人」, or nothing when nobody is bound to what goes. */
function unbindingOf(p: Wire<HouseholdPreview>): string {
  const parts = (Object.keys(RELATION_WORDS) as Array<keyof typeof RELATION_WORDS>).filter((r) => p.unbinds[r] > 0).map((r) => `${RELATION_WORDS[r]} ${p.unbinds[r]} 人`);
  const total = p.unbinds.owner + p.unbinds.family + p.unbinds.tenant;
  return total ? `${total} 人将解除绑定：${parts.join('、')}` : '';
}

Component({
  data: {
    communities: [] as Array<{ id: string; name: string }>,
    communityId: '',
    busy: '' as '' | 'template' | 'upload' | 'apply',
    fileName: '',
    preview: null as Wire<HouseholdPreview> | null,
    /** Who loses their room if the preview is applied, in words (「3 人将解除绑定：业主 1 人…」). */
    unbinding: '',
    /** The community's name as the administrator typed it, when the preview asks for it. */
    typedName: '',
    /** The import's bar (0–100) and its words (「已导入 1,200 / 4,800 户」). */
    percent: 0,
    progress: '',
    done: '',
    error: '',
  },
  methods: {
    async onLoad(query: { communityId?: string }) {
      try {
        const m = await me();
        this.setData({ communities: m.communities.map(({ id, name }) => ({ id, name })), communityId: query.communityId ?? m.communities[0]?.id ?? '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      }
    },
    onCommunity(e: { detail: string }) {
      this.setData({ communityId: e.detail, preview: null, done: '', error: '' });
    },
    async onTemplate() {
      this.setData({ busy: 'template', error: '' });
      try {
        const { url } = await call('admin.households.template', { communityId: this.data.communityId });
        await openSpreadsheet(url);
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: '' });
      }
    },
    async onChoose() {
      const file = await chooseSpreadsheet();
      if (!file.ok) {
        // Backing out of the chat is no news; a privacy refusal is, or the tap would seem to do nothing.
        if (file.reason !== 'cancelled') this.setData({ error: privacyMessage(file.reason, '选择文件') });
        return;
      }
      this.setData({ busy: 'upload', fileName: file.name, preview: null, done: '', error: '' });
      try {
        const account = await me();
        const fileID = await uploadSpreadsheet(account.openid, file.path);
        const preview = await call('admin.households.preview', { communityId: this.data.communityId, fileID });
        this.setData({ preview, unbinding: unbindingOf(preview), typedName: '' });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: '' });
      }
    },
    onTypedName(e: { detail: string }) {
      this.setData({ typedName: e.detail, error: '' });
    },
    async onApply() {
      const importId = this.data.preview?.importId;
      if (!importId) return;
      const p = this.data.preview!;
      const confirmName = p.confirmName === null ? undefined : this.data.typedName;
      // The server checks the name too (admin.households.apply); this only saves a round trip.
      if (p.confirmName !== null && this.data.typedName.normalize('NFKC').trim() !== p.confirmName) {
        this.setData({ error: `请在上方输入小区名称「${p.confirmName}」确认删除` });
        return;
      }
      const { confirm } = await wx.showModal({
        title: '确认导入',
        content: `新增 ${p.add} 户，修改 ${p.change} 户，删除 ${p.remove} 户。${this.data.unbinding ? `${this.data.unbinding}。` : ''}删除房屋或移除手机号后，用它绑定的业主及其家人将解除绑定。确定导入吗？`,
        confirmText: '导入',
      });
      if (!confirm) return;
      const total = p.add + p.change + p.remove;
      this.setData({ busy: 'apply', error: '', percent: 0, progress: `正在导入，共 ${thousands(total)} 户` });
      try {
        let unbound = 0;
        for (;;) {
          const r = await call('admin.households.apply', { importId, confirmName });
          unbound += r.unbound;
          // An import previewed before rooms were counted says batches instead.
          const [done, of, unit] = r.rooms === null || r.roomsDone === null ? [r.batchesDone, r.batches, '批'] : [r.roomsDone, r.rooms, '户'];
          this.setData({ percent: of ? Math.round((done / of) * 100) : 100, progress: `已导入 ${thousands(done)} / ${thousands(of)} ${unit}` });
          if (r.done) break;
        }
        this.setData({ preview: null, progress: '', percent: 0, done: `导入完成：新增 ${p.add} 户，修改 ${p.change} 户，删除 ${p.remove} 户${unbound ? `，${unbound} 个绑定已解除` : ''}。` });
      } catch (e) {
        // Whatever was applied stays applied; confirming again resumes from the next batch.
        this.setData({ error: `${messageOf(e)}（已导入的部分会保留，再次点击“确认导入”将从中断处继续）` });
      } finally {
        this.setData({ busy: '' });
      }
    },
  },
});
