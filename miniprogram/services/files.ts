// Spreadsheets to and from the office: a workbook the function wrote is downloaded by its short-lived
// URL and opened (where it can be forwarded to a chat or a PC); a filled one is picked from a WeChat
// chat and uploaded into the caller's own folder (the server accepts only `imports/<openid>/…`).
import { transport } from './transport';

function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({ url, success: (r) => (r.statusCode === 200 ? resolve(r.tempFilePath) : reject(new Error(`HTTP ${r.statusCode}`))), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

export async function openSpreadsheet(url: string): Promise<void> {
  const filePath = await download(url);
  await wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
}

/** The office receives its roll in a chat: pick it there. Null when the user backed out. */
export async function chooseSpreadsheet(): Promise<{ path: string; name: string } | null> {
  try {
    const { tempFiles } = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const [file] = tempFiles;
    return file ? { path: file.path, name: file.name } : null;
  } catch {
    return null;
  }
}

export function uploadSpreadsheet(openid: string, filePath: string): Promise<string> {
  return transport().uploadFile(`imports/${openid}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.xlsx`, filePath, () => undefined);
}
