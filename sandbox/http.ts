import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_SCRIPT_SOURCE, PAGE_STYLE_SOURCE } from './pages';

/** A fresh `x-request-id`, as Flowwise gives each answer. */
export const requestId = () => `req_${randomBytes(8).toString('hex')}`;

export function send(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** A JSON answer of the API, with the `x-request-id` Flowwise gives each one (a proxy's HTML error page has none). */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', { 'x-request-id': requestId() });
}

export function sendError(res: ServerResponse, status: number, message: string, code: string, type: string) {
  sendJson(res, status, { message, code, type });
}

const PAGE_HEADERS = {
  // The one script (the checkout page's leave beacon) by hash, and its beacon to this origin only.
  'Content-Security-Policy': `default-src 'none'; style-src ${PAGE_STYLE_SOURCE}; script-src ${PAGE_SCRIPT_SOURCE}; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
  // Not `no-referrer`: under it a browser sends `Origin: null` even with the page's own form, and the
  // sandbox could not tell that post from a cross-site one. `same-origin` still tells other sites nothing.
  'Referrer-Policy': 'same-origin',
};

export function sendPage(res: ServerResponse, status: number, html: string) {
  send(res, status, html, 'text/html; charset=utf-8', PAGE_HEADERS);
}

/**
 * The request body as text, or `undefined` once it is over `limit` bytes (the rest is left unread).
 * With `keep: false` the bytes are counted and dropped, never held: for a body nobody will look at.
 */
export function readBody(req: IncomingMessage, limit: number, keep = true): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.pause();
        return;
      }
      if (keep) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Whether an `Origin` header names the sandbox: its own origin, or the one in `Host` (the same server
 * reached as `localhost`; the router has already checked that `Host` is the sandbox's).
 */
export function isOwnOrigin(from: string, req: IncomingMessage, origin: string): boolean {
  return from === origin || (req.headers.host !== undefined && from === `http://${req.headers.host}`);
}

/** The order id in a `/checkout/…` or `/router/orders/…` path, or `undefined` when its `%` escapes do not decode. */
export function decodeOrderId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
