// Cloud storage as the SDK speaks it: upload metadata then a PUT of the bytes, temporary download
// URLs that expire by the movable clock, and deletion. Files live under <dataDir>/storage/.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { AdminError, type LocalApp, type LocalModule } from './app';
import { localOnly } from './local-only';

interface StoredFile {
  path: string;
  size: number;
  uploader: string | null;
  uploadedAt: string;
}

const BUCKET = 'local-bucket';
const DEFAULT_MAX_AGE_S = 24 * 60 * 60;

/** A cloud path: relative, no `..`, printable, ≤ 850 bytes (COS's key limit is 850). */
function validPath(p: unknown): p is string {
  return typeof p === 'string' && p.length > 0 && Buffer.byteLength(p) <= 850 && !p.startsWith('/') && !p.split('/').includes('..') && ![...p].some((ch) => ch.charCodeAt(0) < 0x20);
}

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp3: 'audio/mpeg', aac: 'audio/aac', m4a: 'audio/mp4', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
const contentTypeOf = (p: string) => CONTENT_TYPES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

export function storageModule(): LocalModule {
  return {
    register(app: LocalApp) {
      const dir = app.dataDir ? path.join(app.dataDir, 'storage') : null;
      const indexFile = dir ? path.join(dir, 'index.json') : null;
      const files = new Map<string, StoredFile>(indexFile && fs.existsSync(indexFile) ? Object.entries(JSON.parse(fs.readFileSync(indexFile, 'utf8'))) : []);
      const memory = new Map<string, Buffer>();
      const uploads = new Map<string, { path: string; uploader: string | null }>();
      const secret = crypto.randomBytes(16);
      const prefix = `cloud://${app.env}.${BUCKET}/`;
      // Objects and download URLs are named by a hash of the path: the SDK re-encodes temp URLs
      // (encodeURI), so they must hold no characters that encoding would change.
      const hashOf = (p: string) => crypto.createHash('sha256').update(p).digest('hex');
      const objectFile = (p: string) => path.join(dir!, 'objects', hashOf(p));
      const byHash = (h: string) => [...files.keys()].find((p) => hashOf(p) === h) ?? null;

      const save = (p: string, bytes: Buffer, uploader: string | null): string => {
        if (dir) {
          fs.mkdirSync(path.join(dir, 'objects'), { recursive: true });
          fs.writeFileSync(objectFile(p), bytes);
        } else memory.set(p, bytes);
        files.set(p, { path: p, size: bytes.length, uploader, uploadedAt: app.clock.now().toISOString() });
        persist();
        return prefix + p;
      };
      const persist = () => {
        if (!indexFile) return;
        fs.writeFileSync(`${indexFile}.tmp`, JSON.stringify(Object.fromEntries(files)));
        fs.renameSync(`${indexFile}.tmp`, indexFile);
      };
      const read = (p: string): Buffer | null => (dir ? (fs.existsSync(objectFile(p)) ? fs.readFileSync(objectFile(p)) : null) : (memory.get(p) ?? null));
      const pathOf = (fileID: unknown): string | null => (typeof fileID === 'string' && fileID.startsWith(prefix) ? fileID.slice(prefix.length) : null);
      const sign = (p: string, expires: number) => crypto.createHmac('sha256', secret).update(`${p}\n${expires}`).digest('hex');

      app.action('storage.getUploadMetadata', async (req) => {
        const p = req.body.path;
        if (!validPath(p)) throw new AdminError('INVALID_PARAM', `invalid cloud path ${String(p)}`);
        const token = crypto.randomBytes(16).toString('hex');
        uploads.set(token, { path: p, uploader: null });
        return { url: `${app.baseUrl()}/local/storage/put/${token}`, token, authorization: `local ${token}`, fileId: prefix + p, cosFileId: crypto.randomBytes(8).toString('hex') };
      });
      app.route('PUT', '/local/storage/put/:token', async (req) => {
        const upload = uploads.get(req.params.token!);
        if (!upload) return { status: 403, headers: { 'content-type': 'application/xml' }, body: Buffer.from('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>unknown upload token</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>') };
        uploads.delete(req.params.token!);
        save(upload.path, req.body, upload.uploader);
        return { status: 200, body: Buffer.alloc(0) };
      });

      app.action('storage.batchGetDownloadUrl', async (req) => {
        const list = Array.isArray(req.body.file_list) ? (req.body.file_list as Array<{ fileid?: unknown; max_age?: unknown }>) : [];
        if (list.length === 0 || list.length > 50) throw new AdminError('INVALID_PARAM', 'file_list must hold 1 to 50 files');
        return {
          download_list: list.map((f) => {
            const p = pathOf(f.fileid);
            if (p === null || !files.has(p)) return { fileID: f.fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
            const maxAge = Number(f.max_age) > 0 ? Number(f.max_age) : DEFAULT_MAX_AGE_S;
            const expires = app.clock.now().getTime() + maxAge * 1000;
            return { fileID: f.fileid, tempFileURL: `${app.baseUrl()}/local/storage/get/${hashOf(p)}?expires=${expires}&sign=${sign(p, expires)}`, code: 'SUCCESS' };
          }),
        };
      });
      const download = async (req: { params: Record<string, string>; query: URLSearchParams }) => {
        const p = byHash(req.params.hash!) ?? '';
        const expires = Number(req.query.get('expires'));
        const valid = req.query.get('sign') === sign(p, expires) && expires > app.clock.now().getTime();
        if (!valid) return { status: 403, headers: { 'content-type': 'application/xml' }, body: Buffer.from('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>') };
        const bytes = read(p);
        // Typed by the file's name, as COS serves an object the SDK uploaded: a voice note plays as audio.
        return bytes ? { status: 200, headers: { 'content-type': contentTypeOf(p) }, body: bytes } : { status: 404, body: Buffer.from('') };
      };
      app.route('GET', '/local/storage/get/:hash', download);
      app.route('HEAD', '/local/storage/get/:hash', download);

      app.action('storage.batchDeleteFile', async (req) => {
        const list = Array.isArray(req.body.fileid_list) ? (req.body.fileid_list as unknown[]) : [];
        return {
          delete_list: list.map((fileID) => {
            const p = pathOf(fileID);
            if (p === null || !files.has(p)) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
            files.delete(p);
            if (dir) fs.rmSync(objectFile(p), { force: true });
            else memory.delete(p);
            persist();
            return { fileID, code: 'SUCCESS' };
          }),
        };
      });

      // Local only: the mini-program's local mode uploads as a user (wx.cloud.uploadFile's stand-in).
      app.route('POST', '/local/storage/upload', async (req) => {
        const p = req.query.get('path');
        const openid = req.query.get('openid');
        if (!validPath(p) || !openid) return { status: 400, body: { error: 'give ?openid=…&path=<cloud path> and the bytes as the body' } };
        return { status: 200, body: { fileID: save(p, req.body, openid) } };
      });
      // A file's bytes by its cloud path, with a content type from its name: the console's preview, this machine only.
      app.route('GET', '/local/storage/file', localOnly(async (req) => {
        const p = req.query.get('path') ?? '';
        const bytes = files.has(p) ? read(p) : null;
        if (!bytes) return { status: 404, body: { error: 'no such file' } };
        return { status: 200, headers: { 'content-type': contentTypeOf(p), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }, body: bytes };
      }));
      app.route('GET', '/local/storage/files', async (req) => {
        const openid = req.query.get('openid');
        return { status: 200, body: [...files.values()].filter((f) => !openid || f.uploader === openid).map((f) => ({ fileID: prefix + f.path, ...f })) };
      });
    },
  };
}
