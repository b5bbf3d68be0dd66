// 小区 → 楼栋 → 房号, one level at a time from directory.list (places only, never residents' phones),
// for whoever picks a room from the property's own list instead of typing one (代业主登记; 绑定房屋
// picks the same way). Each pick reports the room chosen so far (`change`), null until a room is.
import type { DirectoryResponse, Wire } from '../../../typings/api';
import { call, messageOf } from '../../services/api';
import { instanceState } from '../../utils/instance';

type Level = DirectoryResponse['level'];
type Item = Wire<DirectoryResponse>['items'][number];
type Choice = { id: string; label: string };
const TITLES: Record<Level, string> = { communities: '选择小区', buildings: '选择楼栋', rooms: '选择房号' };
const NONE: Choice = { id: '', label: '' };

/** The building's rooms as listed, off the view: their unit and number make the location. */
const picker = instanceState(() => ({ rooms: [] as Item[] }));

/** What `change` carries: the room as a complaint's location records it, and where it is. */
export interface PickedRoom {
  communityId: string;
  roomId: string;
  building: string;
  unit: string;
  room: string;
  /** 阳光花园 3栋 1单元 1201, for a read-back. */
  label: string;
}

Component({
  properties: {
    /** The communities to choose from (staff: their own); empty: every community in the directory. */
    communities: { type: Array, value: [] as Array<{ id: string; name: string }> },
    /** Shown under the pickers (a missing room). */
    error: { type: String, value: '' },
  },
  data: {
    community: NONE,
    building: NONE,
    room: NONE,
    sheet: { show: false, level: 'communities' as Level, title: '', actions: [] as Array<{ name: string; id: string }> },
  },
  observers: {
    // One community to choose from is chosen already.
    communities(list: Array<{ id: string; name: string }>) {
      if (list.length === 1 && !this.data.community.id) this.choose('communities', { id: list[0]!.id, label: list[0]!.name });
    },
  },
  methods: {
    async items(level: Level): Promise<Item[]> {
      const { community, building } = this.data;
      const own = this.data.communities as Array<{ id: string; name: string }>;
      if (level === 'communities' && own.length > 0) return own.map((c) => ({ id: c.id, label: c.name }));
      const list = await call('directory.list', level === 'communities' ? {} : level === 'buildings' ? { communityId: community.id } : { communityId: community.id, building: building.id });
      return list.items;
    },
    async onPick(e: WechatMiniprogram.CustomEvent<object, object, { level: Level }>) {
      const level = e.currentTarget.dataset.level;
      const { community, building } = this.data;
      if ((level === 'buildings' && !community.id) || (level === 'rooms' && !building.id)) return void wx.showToast({ title: level === 'buildings' ? '请先选择小区' : '请先选择楼栋', icon: 'none' });
      try {
        const items = await this.items(level);
        if (items.length === 0) return void wx.showToast({ title: '暂无可选项，请联系管理员录入房屋', icon: 'none' });
        if (level === 'rooms') picker(this).rooms = items;
        this.setData({ sheet: { show: true, level, title: TITLES[level], actions: items.map((i) => ({ name: i.label, id: i.id })) } });
      } catch (err) {
        wx.showToast({ title: messageOf(err), icon: 'none' });
      }
    },
    onSelect(e: WechatMiniprogram.CustomEvent<{ name: string; id: string }>) {
      this.choose(this.data.sheet.level, { id: e.detail.id, label: e.detail.name });
      this.onClose();
    },
    /** Choosing a level clears the levels below it. */
    choose(level: Level, choice: Choice) {
      if (level === 'communities') this.setData({ community: choice, building: NONE, room: NONE });
      else if (level === 'buildings') this.setData({ building: choice, room: NONE });
      else this.setData({ room: choice });
      const { community, building, room } = this.data;
      const picked = picker(this).rooms.find((r) => r.id === room.id);
      const detail: PickedRoom | null = picked
        ? { communityId: community.id, roomId: picked.id, building: building.id, unit: picked.unit ?? '', room: picked.room ?? picked.label, label: `${community.label} ${building.label} ${picked.label}` }
        : null;
      this.triggerEvent('change', { communityId: community.id, room: detail });
    },
    onClose() {
      this.setData({ 'sheet.show': false });
    },
  },
});
