// 住户名册导入: the office downloads its roll as it stands (a template), fills it in Excel, sends it to
// itself in WeChat, picks it here, reads the preview row by row, and confirms; the apply runs in
// batches and this page calls again until all are done (an interrupted import resumes).
import type { HouseholdPreview, Wire } from '../../../../typings/api';
import { call, messageOf } from '../../../services/api';
import { chooseSpreadsheet, uploadSpreadsheet } from '../../../services/chat-files';
import { openSpreadsheet } from '../../../services/files';
import { privacyMessage } from '../../../services/privacy';
import { me } from '../../../services/session';

Component({
  data: {
    communities: [] as Array<{ id: string; name: string }>,
    communityId: '',
    busy: '' as '' | 'template' | 'upload' | 'apply',
    fileName: '',
    preview: null as Wire<HouseholdPreview> | null,
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
        this.setData({ preview });
      } catch (e) {
        this.setData({ error: messageOf(e) });
      } finally {
        this.setData({ busy: '' });
      }
    },
    async onApply() {
      const importId = this.data.preview?.importId;
      if (!importId) return;
      const p = this.data.preview!;
      const { confirm } = await wx.showModal({
        title: '确认导入',
        content: `新增 ${p.add} 户，修改 ${p.change} 户，删除 ${p.remove} 户。删除房屋或移除手机号后，用它绑定的业主及其家人将解除绑定。确定导入吗？`,
        confirmText: '导入',
      });
      if (!confirm) return;
      this.setData({ busy: 'apply', error: '' });
      try {
        let unbound = 0;
        let applied = 0;
        for (;;) {
          const r = await call('admin.households.apply', { importId });
          unbound += r.unbound;
          applied += r.applied;
          this.setData({ progress: `已导入 ${applied} / ${r.batches} 批` });
          if (r.done) break;
        }
        this.setData({ preview: null, progress: '', done: `导入完成：新增 ${p.add} 户，修改 ${p.change} 户，删除 ${p.remove} 户${unbound ? `，${unbound} 个绑定已解除` : ''}。` });
      } catch (e) {
        // Whatever was applied stays applied; confirming again resumes from the next batch.
        this.setData({ error: `${messageOf(e)}（已导入的部分会保留，再次点击“确认导入”将从中断处继续）` });
      } finally {
        this.setData({ busy: '' });
      }
    },
  },
});
