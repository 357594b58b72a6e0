/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FetchHandler } from './types';
import { nodeRequest } from './nodeRequest';
import { writeChunk } from './writeChunk';

/** A Node `http` / Express request handler. `next` receives errors the handler could not answer. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

// Methods a Fetch `Request` cannot carry (its constructor throws). Node's server passes TRACE to
// request handlers; a scanner's TRACE is bad input, not a server error.
const UNREPRESENTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** An `ErrorResponse` for a request that never became a Fetch `Request`. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  if (!req.complete) res.setHeader('Connection', 'close');
  res.end(JSON.stringify({ message, code, type: 'invalid_request_error' }));
}

/**
 * Writes the response body as it comes, and stops reading it if the client goes away. A body that
 * arrives as one chunk (a JSON answer) is sent in one write with its `Content-Length`, as a plain Node
 * handler would, rather than in chunked encoding.
 */
async function writeBody(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  res.once('close', stop);
  try {
    const first = await reader.read();
    if (first.done) {
      res.end();
      return;
    }
    // A body that is complete already ends by the next turn of the event loop; a streamed one does not,
    // and its first chunk is sent without waiting for the second.
    const next = reader.read();
    const second = await Promise.race([next, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (second?.done) {
      if (!res.hasHeader('content-length')) res.setHeader('content-length', first.value.byteLength);
      res.end(first.value);
      return;
    }
    if (!(await writeChunk(res, first.value))) return;
    const { done, value } = second ?? (await next);
    if (done) {
      res.end();
      return;
    }
    if (!(await writeChunk(res, value))) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!(await writeChunk(res, value))) return;
    }
    res.end();
  } finally {
    res.off('close', stop);
  }
}

/** After a handler threw: `next` gets the error, or the browser a 500 `ErrorResponse`. */
function answerFailure(error: unknown, res: ServerResponse, next: ((error?: unknown) => void) | undefined): void {
  if (next) {
    next(error);
    return;
  }
  if (!res.headersSent) {
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ message: 'Internal server error.', code: 'internal_error', type: 'server_error' }));
  } else {
    res.destroy();
  }
}

/**
 * Adapts a Fetch-API handler, such as one from `createOrderHandler()`, to Node's `http` module and
 * Express. Each request becomes a Fetch `Request` (the URL from the `Host` header, the body streamed
 * from Node's as the handler reads it, or what a body parser such as `express.json()` left on
 * `req.body`), and the handler's `Response` is written back. The request's signal is aborted when the
 * client goes away. Its parts are made as the handler reads them, so a handler that reads only the URL,
 * method, headers, body stream and signal costs no more: it is a `Request` in every member, but Node's
 * `fetch()` and `new Request()` cannot take it as their first argument (they read fields only Node's own
 * Request has), so forward it as `new Request(request.url, request)`. When the handler answers without
 * reading the whole body (a 413, a 408), the connection is closed rather than drained. A method a
 * `Request` cannot carry (TRACE) is answered 405, and a `Host` header no URL can be made of 400,
 * without calling the handler.
 *
 * @example
 * app.post('/api/flowwise/orders', toNodeHandler(createOrderHandler({ client, prepareOrder })));
 * // or: http.createServer(toNodeHandler(handler)).listen(3000);
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return async function nodeHandler(req, res, next) {
    if (UNREPRESENTABLE_METHODS.has((req.method ?? '').toUpperCase())) {
      refuse(req, res, 405, `Method ${req.method} is not allowed.`, 'method_not_allowed');
      return;
    }
    let request: Request;
    try {
      request = nodeRequest(req, res);
    } catch {
      // A Host header or request target no URL can be made of.
      refuse(req, res, 400, 'The request could not be understood.', 'bad_request');
      return;
    }
    try {
      const response = await handler(request);
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader('set-cookie', cookies);
      // An unread upload (a 413, a 408) is not drained: closing the connection stops it.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (response.body && req.method !== 'HEAD') await writeBody(res, response.body);
      else {
        await response.body?.cancel();
        res.end();
      }
    } catch (error) {
      answerFailure(error, res, next);
    }
  };
}
