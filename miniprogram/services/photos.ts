// Complaint photos: chosen from the camera or album, compressed, and uploaded to the owner's own
// folder in cloud storage (the server accepts only `complaint-photos/<openid>/…`), with progress and
// retry. A privacy refusal is reported, not thrown: the complaint can go without photos.
import { privacyRefusal, type PrivacyRefusal } from './privacy';
import { transport } from './transport';

export const MAX_PHOTOS = 9;
/** Each try waits longer: a flaky mobile network usually recovers within seconds. */
const RETRY_DELAYS_MS = [500, 2000];

export type ChooseResult = { ok: true; paths: string[] } | { ok: false; reason: 'cancelled' | PrivacyRefusal };

export async function choosePhotos(count: number): Promise<ChooseResult> {
  try {
    const { tempFiles } = await wx.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['camera', 'album'] });
    const paths: string[] = [];
    for (const f of tempFiles) paths.push((await wx.compressImage({ src: f.tempFilePath, quality: 70 })).tempFilePath);
    return { ok: true, paths };
  } catch (e) {
    return { ok: false, reason: privacyRefusal(e) ?? 'cancelled' };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Into the caller's own folder (their openid); the name is unique per upload so retries never collide. */
export async function uploadPhoto(openid: string, filePath: string, onProgress: (percent: number) => void): Promise<string> {
  const ext = /\.(\w+)$/.exec(filePath)?.[1] ?? 'jpg';
  const cloudPath = `complaint-photos/${openid}/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`;
  for (let attempt = 0; ; attempt++) {
    try {
      return await transport().uploadFile(cloudPath, filePath, onProgress);
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw e;
      await sleep(delay);
    }
  }
}
