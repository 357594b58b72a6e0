/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answererOf, type FetchHandler, type OrderAnswer, type OrderExchange } from './createOrderHandler';

/** A Node `http` / Express request handler. `next` receives errors the handler could not answer. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

// Express's body parsers leave the parsed body here and the stream read to its end.
type MaybeParsed = IncomingMessage & { body?: unknown };

function requestUrl(req: IncomingMessage): string {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const path = req.url ?? '/';
  try {
    return new URL(path, `${protocol}://${req.headers.host ?? 'localhost'}`).href;
  } catch {
    return new URL(path.startsWith('/') ? path : '/', `${protocol}://localhost`).href;
  }
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

const decoder = new TextDecoder();

/**
 * Reads a Node request body as UTF-8 text, stopping as soon as it passes `maxBytes`: then the
 * result is `undefined` and the request is paused, not drained or destroyed (destroying it would
 * also destroy the socket, and with it the 413 about to be sent). A body an Express body parser
 * already read is taken from `req.body`.
 */
function readBody(req: MaybeParsed, maxBytes: number): Promise<string | undefined> {
  if (req.readableEnded && req.body !== undefined) {
    const parsed = req.body;
    const bytes =
      typeof parsed === 'string'
        ? Buffer.from(parsed)
        : parsed instanceof Uint8Array
          ? parsed
          : Buffer.from(JSON.stringify(parsed) ?? '');
    return Promise.resolve(bytes.byteLength > maxBytes ? undefined : decoder.decode(bytes));
  }
  // Read by someone else and not left on req.body, or cut off: there is nothing left to read.
  if (req.readableEnded || req.destroyed) {
    return Promise.reject(new Error('The request body was already read, or the request was aborted.'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      detach();
      req.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      detach();
      resolve(decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    };
    const onAbort = () => {
      if (req.complete) return;
      detach();
      reject(new Error('The request was aborted before its body was read.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
    if (req.isPaused()) req.resume();
  });
}

/**
 * The request body as a web stream that only reads as fast as it is consumed. Cancelling it pauses
 * the request instead of destroying it (which would also destroy the socket, and with it the 413
 * about to be sent).
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

function requestBody(req: MaybeParsed): BodyInit | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  if (req.readableEnded && req.body !== undefined) {
    // An Express body parser ran first: hand over what it parsed, as JSON again.
    if (typeof req.body === 'string' || req.body instanceof Uint8Array) return req.body as string | Uint8Array<ArrayBuffer>;
    return JSON.stringify(req.body);
  }
  return bodyStream(req);
}

// Methods a Fetch `Request` cannot carry (its constructor throws). Node's server passes TRACE to
// request handlers; a scanner's TRACE is bad input, not a server error.
const UNREPRESENTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

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
 * A handler from `createOrderHandler()`, driven straight from Node's request and response: its
 * core reads the headers and body from `req` and its answer is written to `res`, with no Fetch
 * `Request` or `Response` built on the way (only the `Request` a `prepareOrder` that declares one
 * receives).
 */
function nodeOrderHandler(answer: (exchange: OrderExchange) => Promise<OrderAnswer>): NodeHandler {
  return async function nodeHandler(req, res, next) {
    try {
      const controller = new AbortController();
      // The shopper went away: cancel the call to Flowwise.
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const { status, headers, body } = await answer({
        method: req.method ?? 'GET',
        header: (name) => req.headers[name],
        readBody: (maxBytes) => readBody(req, maxBytes),
        signal: controller.signal,
        request: () =>
          new Request(requestUrl(req), { method: req.method, headers: requestHeaders(req), signal: controller.signal }),
      });
      // An unread upload (a 413, say) is not drained: closing the connection stops it.
      res.writeHead(status, req.complete ? headers : { ...headers, connection: 'close' });
      res.end(body);
    } catch (error) {
      answerFailure(error, res, next);
    }
  };
}

function methodNotAllowed(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 405;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  if (!req.complete) res.setHeader('Connection', 'close');
  res.end(
    JSON.stringify({ message: `Method ${req.method} is not allowed.`, code: 'method_not_allowed', type: 'invalid_request_error' }),
  );
}

/**
 * Adapts a Fetch-API handler to Node's `http` module and Express. A handler made by
 * `createOrderHandler()` is driven straight from Node's request and response, without building a
 * Fetch `Request` and `Response` for each request; any other Fetch handler gets a `Request` whose
 * body is streamed from Node's, and its `Response` is written back. Either way an oversized body is
 * refused without being read, and the connection is then closed rather than drained; if a body
 * parser such as `express.json()` already read the body, its result is used; and the request's
 * signal is aborted when the client goes away.
 *
 * @example
 * app.post('/api/flowwise/orders', toNodeHandler(createOrderHandler({ client, prepareOrder })));
 * // or: http.createServer(toNodeHandler(handler)).listen(3000);
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  const answer = answererOf(handler);
  if (answer) return nodeOrderHandler(answer);
  return async function nodeHandler(req, res, next) {
    try {
      if (UNREPRESENTABLE_METHODS.has((req.method ?? '').toUpperCase())) {
        methodNotAllowed(req, res);
        return;
      }
      const controller = new AbortController();
      // The shopper went away: let the handler cancel its call to Flowwise.
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const body = requestBody(req);
      const request = new Request(requestUrl(req), {
        method: req.method ?? 'GET',
        headers: requestHeaders(req),
        body,
        signal: controller.signal,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const response = await handler(request);
      const payload = req.method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer());
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader('set-cookie', cookies);
      // An unread upload (a 413, say) is not drained: closing the connection stops it.
      if (!req.complete) res.setHeader('Connection', 'close');
      res.end(payload);
    } catch (error) {
      answerFailure(error, res, next);
    }
  };
}
