/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FetchHandler } from './types';
import { writeChunk } from './writeChunk';

/** A Node `http` / Express request handler. `next` receives errors the handler could not answer. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

// Express's body parsers leave the parsed body here and the stream read to its end.
type MaybeParsed = IncomingMessage & { body?: unknown };

// Methods a Fetch `Request` cannot carry (its constructor throws). Node's server passes TRACE to
// request handlers; a scanner's TRACE is bad input, not a server error.
const UNREPRESENTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The request URL: its host is the `Host` header, which is what `createOrderHandler` compares `Origin` with. */
function requestUrl(req: IncomingMessage): string {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const base = `${protocol}://${req.headers.host ?? 'localhost'}`;
  const target = req.url ?? '/';
  // The usual "/path?query" needs no parsing here: the Request parses (and checks) it anyway.
  return target.startsWith('/') ? base + target : new URL(target, base).href;
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The request body as a web stream that reads only as fast as it is consumed. Cancelling it pauses
 * the request instead of destroying it (which would also destroy the socket, and with it the 413 or
 * 408 about to be sent); the connection is closed once that answer is written.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let onData: (chunk: Buffer) => void;
  let onEnd: () => void;
  let onAbort: () => void;
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onAbort);
    req.off('close', onAbort);
    req.pause();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onData = (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        onEnd = () => {
          detach();
          controller.close();
        };
        onAbort = () => {
          if (req.complete) return;
          detach();
          controller.error(new Error('The request was aborted before its body was read.'));
        };
        if (req.destroyed && !req.complete) {
          onAbort();
          return;
        }
        req.on('data', onData);
        req.on('end', onEnd);
        req.on('error', onAbort);
        req.on('close', onAbort);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
      },
    },
    { highWaterMark: 16_384, size: (chunk) => chunk.byteLength },
  );
}

/** A body whose reading fails: the stream was read to its end before the handler ran. */
function consumedBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.error(new Error('The request body was already read, and no body parser left it on req.body.'));
    },
  });
}

function requestBody(req: MaybeParsed): BodyInit | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  if (!req.readableEnded) return bodyStream(req);
  // A body parser such as express.json() ran first: hand over what it parsed, as JSON again.
  if (typeof req.body === 'string' || req.body instanceof Uint8Array) return req.body as string | Uint8Array<ArrayBuffer>;
  if (req.body !== undefined) return JSON.stringify(req.body);
  return consumedBody();
}

/** Builds the Fetch `Request` for `req`; its signal is aborted when the client goes away before the answer is sent. */
function toRequest(req: MaybeParsed, res: ServerResponse): Request {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const body = requestBody(req);
  return new Request(requestUrl(req), {
    method: req.method ?? 'GET',
    headers: requestHeaders(req),
    body,
    signal: controller.signal,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  });
}

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
 * client goes away. When the handler answers without reading the whole body (a 413, a 408), the
 * connection is closed rather than drained. A method a `Request` cannot carry (TRACE) is answered 405,
 * and a `Host` header no URL can be made of 400, without calling the handler.
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
      request = toRequest(req, res);
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
