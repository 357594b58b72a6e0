/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';

// Express's body parsers leave the parsed body here and the stream read to its end.
type MaybeParsed = IncomingMessage & { body?: unknown };

/** The request URL: its host is the `Host` header, which is what `createOrderHandler` compares `Origin` with. */
function requestUrl(req: IncomingMessage): string {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  // Parsed (and so checked and normalised) here, as a Request would: a Host no URL can be made of throws.
  return new URL(req.url ?? '/', `${protocol}://${req.headers.host ?? 'localhost'}`).href;
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

/** A stream of `bytes`, or one that fails with `error`. */
function fixedStream(bytes: Uint8Array | undefined, error?: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (error) return controller.error(error);
      controller.enqueue(bytes!);
      controller.close();
    },
  });
}

/** The body of `req` as a stream: Node's, or what a body parser such as `express.json()` left on `req.body`. */
function requestBody(req: MaybeParsed): ReadableStream<Uint8Array> | null {
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  if (!req.readableEnded) return bodyStream(req);
  const parsed = req.body;
  if (parsed instanceof Uint8Array) return fixedStream(parsed);
  if (typeof parsed === 'string') return fixedStream(new TextEncoder().encode(parsed));
  if (parsed !== undefined) return fixedStream(new TextEncoder().encode(JSON.stringify(parsed)));
  return fixedStream(undefined, new Error('The request body was already read, and no body parser left it on req.body.'));
}

/** What a Request made from a URL, a method, headers, a body and a signal has for every other member. */
let defaults: Request | undefined;

/**
 * A Fetch `Request` for a Node request whose parts are made when first read: its URL (checked at
 * once), method, headers, body stream and signal. Most handlers read only those (`createOrderHandler`
 * does), so the undici `Request` behind the rest, which costs as much again, is made only when one is
 * read (`text()`, `clone()`, `cache`, …), and then holds the same body stream. It is a `Request`
 * (`instanceof`, every member), with one exception: Node's `fetch()` and `new Request()` read a
 * Request's internal fields, which it does not have, so forward it as `new Request(request.url, request)`.
 */
class NodeRequest {
  readonly #req: MaybeParsed;
  readonly #url: string;
  #headers: Headers | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;
  #controller: AbortController | undefined;
  #gone = false;
  #request: Request | undefined;

  constructor(req: MaybeParsed, res: ServerResponse) {
    this.#req = req;
    this.#url = requestUrl(req);
    res.once('close', () => {
      if (res.writableFinished) return;
      this.#gone = true;
      this.#controller?.abort();
    });
  }

  get method(): string {
    return this.#req.method ?? 'GET';
  }

  get url(): string {
    return this.#url;
  }

  get headers(): Headers {
    return (this.#headers ??= requestHeaders(this.#req));
  }

  /** Aborted when the client goes away before the answer is sent, whether read before or after. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#gone) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) this.#body = requestBody(this.#req);
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#body ? this.#undici().bodyUsed : false;
  }

  /** The undici `Request` with the same URL, method, headers, signal and body stream, made once. */
  #undici(): Request {
    if (this.#request) return this.#request;
    const init: RequestInit & { duplex: 'half' } = { method: this.method, headers: this.headers, signal: this.signal, duplex: 'half' };
    const body = this.body;
    try {
      return (this.#request = new Request(this.#url, { ...init, body }));
    } catch (error) {
      if (body === null) throw error;
    }
    // The handler read (or locked) the body stream first, which a Request cannot be made with: one with a
    // spent stream in its place answers bodyUsed, text() and clone() as the same Request would have.
    const spent = new ReadableStream<Uint8Array>();
    this.#request = new Request(this.#url, { ...init, body: spent });
    void spent.cancel();
    return this.#request;
  }

  static {
    // Every other member of Request.prototype, read from the undici Request (its settings, which a
    // server's request leaves at their defaults, from one made once).
    for (const key of Reflect.ownKeys(Request.prototype)) {
      if (key === 'constructor' || Object.hasOwn(NodeRequest.prototype, key)) continue;
      const member = Object.getOwnPropertyDescriptor(Request.prototype, key)!;
      if (member.get) {
        Object.defineProperty(NodeRequest.prototype, key, {
          get: () => Reflect.get(Request.prototype, key, (defaults ??= new Request('http://localhost/'))) as unknown,
          configurable: true,
        });
      } else if (typeof member.value === 'function') {
        Object.defineProperty(NodeRequest.prototype, key, {
          value(this: NodeRequest, ...args: unknown[]) {
            const request = this.#undici();
            return (Reflect.get(request, key) as (...args: unknown[]) => unknown).apply(request, args);
          },
          configurable: true,
          writable: true,
        });
      }
    }
    Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);
  }
}

/**
 * The Fetch `Request` for `req`, its parts made as they are read (see {@link NodeRequest}); its signal
 * is aborted when the client goes away before the answer is sent. Throws when no URL can be made of
 * the `Host` header and target.
 */
export function nodeRequest(req: IncomingMessage, res: ServerResponse): Request {
  return new NodeRequest(req, res) as unknown as Request;
}
