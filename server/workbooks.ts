// Workbooks handed to the office (the monthly report, the households roll): stored in cloud storage
// and handed out as a short-lived URL the mini-program downloads and opens with wx.openDocument.
import type { Deps } from './ports';

/** A header row of bold cells: each sheet's column titles. */
export const header = (...titles: string[]) => titles.map((value) => ({ value, fontWeight: 'bold' as const }));

/** Long enough to download and open, not to be passed around. */
const URL_SECONDS = 30 * 60;

export async function publishWorkbook(deps: Deps, cloudPath: string, buffer: Buffer): Promise<{ fileID: string; url: string }> {
  const { fileID } = await deps.app.uploadFile({ cloudPath, fileContent: buffer });
  const { fileList } = await deps.app.getTempFileURL({ fileList: [{ fileID: fileID!, maxAge: URL_SECONDS }] });
  return { fileID: fileID!, url: fileList[0]!.tempFileURL };
}
