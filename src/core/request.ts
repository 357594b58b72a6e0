import type * as z from 'zod/mini';
import { errorResponseSchema } from '../schemas';
import { FlowwiseError, isFlowwiseError } from './FlowwiseError';

/** What each failure says: the browser speaks to a shopper, the server to a developer's log. */
export interface RequestMessages {
  /** The request could not be sent or its answer not read. */
  network: string;
  /** The caller's signal aborted the request. */
  cancelled: string;
  /** No answer within the time limit. */
  timeout: string;
  /** An error status without an `ErrorResponse` body (an HTML error page, say). */
  status: (status: number) => string;
  /** A success status whose body is not what was expected, or is over the size limit. */
  invalid: string;
}

/** One JSON request: what {@link requestJson} sends and how it judges the answer. */
export interface JsonRequest<T> {
  method: 'GET' | 'POST';
  url: string;
  /** Request headers, or a sync/async function returning them (run inside the time limit). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Sent as JSON; none for a GET. */
  body?: unknown;
  /** Defaults to the global `fetch` at call time. */
  fetch?: typeof globalThis.fetch;
  /** Anything else `fetch` should get (`credentials`, `redirect`, …). */
  init?: RequestInit;
  /** The caller's signal; aborting it fails the request as `network` with `messages.cancelled`. */
  signal?: AbortSignal;
  timeoutMs: number;
  /** The most of the answer's body that is read; a longer one is `invalid_response` (code `response_too_large`). */
  maxBytes: number;
  /** The success body's schema. */
  schema: z.ZodMiniType<T>;
  /** Called with the response as soon as it arrives, before its body is read (to read a header). */
  onResponse?: (response: Response) => void;
  messages: RequestMessages;
}

/**
 * Reads a body as UTF-8 text, stopping as soon as it passes `maxBytes`: then the stream is cancelled and
 * the result is `undefined`. No body reads as `''`. It takes the reader rather than the stream, so that a
 * caller with a deadline can cancel it, which ends the read with what arrived so far.
 */
export async function readLimited(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  maxBytes: number,
): Promise<string | undefined> {
  // A TextDecoder, not Blob.text(): ten times faster for an order's few hundred bytes, which counts on a server.
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = (await reader?.read()) ?? { done: true };
    if (done) return text + decoder.decode();
    if ((size += value.byteLength) > maxBytes) {
      // Cancelling tells the sender to stop; whatever it still has is never buffered here.
      void reader!.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Sends one JSON request and returns the validated body. Every failure is a {@link FlowwiseError}:
 * `network` (not sent, not read, or cancelled by `signal`), `timeout`, `http` (an error status; the
 * `ErrorResponse` body's message, code and type when there is one) or `invalid_response`. The time
 * limit covers everything, including a `headers` function and reading the body, and holds even when a
 * custom `fetch` ignores its signal: a late answer is never read.
 */
export async function requestJson<T>(request: JsonRequest<T>): Promise<T> {
  const { signal, messages } = request;
  // One controller for the caller's signal and the time limit. Not AbortSignal.timeout/any: Safari
  // before 17.4 has no `any`, and a plain timer is one that tests can drive with fake timers.
  const controller = new AbortController();
  let stop!: (error: FlowwiseError) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  const cancel = () => {
    stop(new FlowwiseError('network', messages.cancelled, { cause: signal!.reason }));
    controller.abort();
  };
  const timer = setTimeout(() => {
    stop(new FlowwiseError('timeout', messages.timeout));
    controller.abort();
  }, request.timeoutMs);
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel);
  try {
    return await Promise.race([send(request, controller.signal), stopped]);
  } catch (error) {
    // Whatever is not already a FlowwiseError (a headers function, fetch or the body stream failing) is a network error.
    throw isFlowwiseError(error) ? error : new FlowwiseError('network', messages.network, { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

async function send<T>(request: JsonRequest<T>, signal: AbortSignal): Promise<T> {
  const { messages } = request;
  const response = await (request.fetch ?? fetch)(request.url, {
    ...request.init,
    method: request.method,
    headers: {
      ...(typeof request.headers === 'function' ? await request.headers() : request.headers),
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    // `undefined` for a GET.
    body: JSON.stringify(request.body),
    signal,
  });
  request.onResponse?.(response);
  const text = await readLimited(response.body?.getReader(), request.maxBytes);
  const { status, ok } = response;
  const details = { status, requestId: response.headers.get('x-request-id') ?? undefined };
  let json: unknown;
  try {
    json = JSON.parse(text!);
  } catch {
    // Not JSON (an error page, garbage, or over the limit): told apart below by the status.
  }
  if (!ok) {
    const body = errorResponseSchema.safeParse(json).data;
    throw new FlowwiseError('http', body?.message ?? messages.status(status), {
      ...details,
      code: body?.code,
      type: body?.type,
      issues: body?.issues,
    });
  }
  if (text === undefined) throw new FlowwiseError('invalid_response', messages.invalid, { ...details, code: 'response_too_large' });
  const parsed = request.schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new FlowwiseError('invalid_response', messages.invalid, { ...details, issues: parsed.error.issues });
}
