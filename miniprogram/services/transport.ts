// How bytes reach the cloud: through wx.cloud to a real CloudBase environment, or in local mode over
// HTTP to CloudBase Local on the developer's machine (config.ts), as the chosen demo user. Pages never
// use this directly: services/api.ts and services/photos.ts do.
import { config } from '../config';

const LOCAL_USER_KEY = 'local.openid';

export interface Transport {
  /** The function's return value (the api function answers `{ok, …}`). */
  callFunction(name: string, data: object): Promise<unknown>;
  /** Upload a local temp file to `cloudPath`; resolves to its cloud file id. */
  uploadFile(cloudPath: string, filePath: string, onProgress: (percent: number) => void): Promise<string>;
}

/** The openid local mode acts as (a demo user from scripts/seed.ts). */
export function localUser(): string {
  return (wx.getStorageSync(LOCAL_USER_KEY) as string) || config.local.openid;
}

export function setLocalUser(openid: string): void {
  wx.setStorageSync(LOCAL_USER_KEY, openid);
}

function request<T>(url: string, data: object | ArrayBuffer, contentType: string): Promise<T> {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: 'POST',
      data: data as WechatMiniprogram.IAnyObject,
      header: { 'content-type': contentType },
      success: (res) => (res.statusCode === 200 ? resolve(res.data as T) : reject(new Error(`HTTP ${res.statusCode}`))),
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
}

function readFile(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({ filePath, success: (r) => resolve(r.data as ArrayBuffer), fail: (e) => reject(new Error(e.errMsg)) });
  });
}

const local: Transport = {
  async callFunction(name, data) {
    const body = await request<{ result?: unknown; error?: { message: string } }>(`${config.local.baseUrl}/local/functions/${name}/invoke`, { openid: localUser(), data }, 'application/json');
    if (body.error) throw new Error(body.error.message);
    return body.result;
  },
  async uploadFile(cloudPath, filePath, onProgress) {
    const bytes = await readFile(filePath);
    const query = `openid=${encodeURIComponent(localUser())}&path=${encodeURIComponent(cloudPath)}`;
    const { fileID } = await request<{ fileID: string }>(`${config.local.baseUrl}/local/storage/upload?${query}`, bytes, 'application/octet-stream');
    onProgress(100);
    return fileID;
  },
};

const cloud: Transport = {
  async callFunction(name, data) {
    const res = await wx.cloud.callFunction({ name, data });
    return res.result;
  },
  uploadFile(cloudPath, filePath, onProgress) {
    return new Promise((resolve, reject) => {
      const task = wx.cloud.uploadFile({ cloudPath, filePath, success: (r) => resolve(r.fileID), fail: (e) => reject(new Error(e.errMsg)) });
      task.onProgressUpdate((p) => onProgress(p.progress));
    });
  },
};

/** Once at launch: local mode talks HTTP to CloudBase Local; only a real environment needs wx.cloud. */
export function connect(): void {
  if (!config.local.enabled) wx.cloud.init({ env: config.env, traceUser: true });
}

export function transport(): Transport {
  return config.local.enabled ? local : cloud;
}
