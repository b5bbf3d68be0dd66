// Picking a room with the room picker (components/room-picker) as staff do: the building, then the room.
import { byText, find, tap, text, until, type Rendered } from './simulate';

/** Taps 楼栋 → `building`, 房号 → `room` (as the sheet lists it, e.g. 「1单元 1201」), and waits for the pick. */
export async function pickRoom(page: Rendered, building: string, room: string): Promise<void> {
  tap(find(page, '#room-picker', '#pick-building'));
  await until(() => text(page).includes('选择楼栋'), 'the buildings');
  tap(byText(page, 'button', building));
  tap(find(page, '#room-picker', '#pick-room'));
  await until(() => text(page).includes(room), 'the rooms');
  tap(byText(page, 'button', room));
  await until(() => text(find(page, '#room-picker')).includes(`房号${room}`), 'the room picked');
}
