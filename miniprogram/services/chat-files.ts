// A filled spreadsheet the office sent itself in WeChat: picked from the chat and uploaded into the
// caller's own folder (the server accepts only `imports/<openid>/…`). Picking is a guarded API
// (选中的文件, config/privacy-declarations.json), so it lives apart from files.ts: the privacy scan
// (scripts/privacy-guide.js) follows imports, and a page that only opens spreadsheets needs no popup.
import { privacyRefusal, type PrivacyRefusal } from './privacy';
import { transport } from './transport';

export type ChosenFile = { ok: true; path: string; name: string } | { ok: false; reason: 'cancelled' | PrivacyRefusal };

/** The office receives its roll in a chat: pick it there. */
export async function chooseSpreadsheet(): Promise<ChosenFile> {
  try {
    const { tempFiles } = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const [file] = tempFiles;
    return file ? { ok: true, path: file.path, name: file.name } : { ok: false, reason: 'cancelled' };
  } catch (e) {
    return { ok: false, reason: privacyRefusal(e) ?? 'cancelled' };
  }
}

export function uploadSpreadsheet(openid: string, filePath: string): Promise<string> {
  return transport().uploadFile(`imports/${openid}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.xlsx`, filePath, () => undefined);
}
