// Spreadsheets from the functions: a workbook a function wrote is downloaded by its short-lived URL and
// opened (where it can be forwarded to a chat or a PC). Picking one from a chat is chat-files.ts: that
// needs a privacy scope, and only the pages that import it need the privacy popup.
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({ url, success: (r) => (r.statusCode === 200 ? resolve(r.tempFilePath) : reject(new Error(`HTTP ${r.statusCode}`))), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

export async function openSpreadsheet(url: string): Promise<void> {
  const filePath = await download(url);
  await wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
}
