// Endpoints for this machine only, even in LAN mode: the console and the data only it reads. A
// request must come from a loopback peer and name a loopback host, so neither another device on the
// LAN nor a web page reaching 127.0.0.1 through a rebound DNS name gets an answer.
import type { LocalRequest, LocalResponse, RouteHandler } from './app';

/** Loopback peer and a loopback Host header. */
export function isLocalRequest(req: Pick<LocalRequest, 'headers' | 'remoteAddress'>): boolean {
  const peer = req.remoteAddress.replace(/^::ffff:/, '');
  if (peer !== '127.0.0.1' && peer !== '::1') return false;
  const host = String(req.headers.host ?? '');
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

const REFUSED: LocalResponse = { status: 403, body: { error: '控制台只对本机开放（127.0.0.1）' } };

/** `handler`, answering 403 to anyone but this machine. */
export function localOnly(handler: RouteHandler): RouteHandler {
  return async (req) => (isLocalRequest(req) ? handler(req) : REFUSED);
}
