import { readLimited } from '../core/request';

/** Why a request body was not read: over the size limit, past the deadline, or a stream that failed. */
export type UnreadBody = 'too_large' | 'timeout' | 'unreadable';

/**
 * The request body as text, read within `maxBytes` and `timeoutMs`, or why it was not. A declared
 * `Content-Length` over the limit is refused before a byte is read; an undeclared body is cancelled as
 * soon as it passes the limit. A body sent a byte at a time, or a stream that stalls, must not hold the
 * request open: at the deadline the reader is cancelled, which ends the read.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<{ read: true; text: string } | { read: false; why: UnreadBody }> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return { read: false, why: 'too_large' };
  const reader = request.body?.getReader();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    void reader?.cancel().catch(() => undefined);
  }, timeoutMs);
  let text: string | undefined | null;
  try {
    text = await readLimited(reader, maxBytes);
  } catch {
    text = null;
  } finally {
    clearTimeout(deadline);
  }
  if (timedOut) return { read: false, why: 'timeout' };
  if (text === null) return { read: false, why: 'unreadable' };
  if (text === undefined) return { read: false, why: 'too_large' };
  return { read: true, text };
}
