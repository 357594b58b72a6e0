/**
 * Reads a body stream as UTF-8 text, stopping as soon as it passes `maxBytes`: then the stream is
 * cancelled and the result is `undefined`. A missing body reads as `''`. When `signal` aborts first
 * (a deadline), the stream is cancelled and the promise rejects with the signal's reason.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (!body) return '';
  signal?.throwIfAborted();
  const reader = body.getReader();
  // Cancelling settles a read that is still waiting, so a stalled sender cannot hold the caller.
  const stop = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // Cancelling tells the sender to stop; whatever it still has is never buffered here.
        await reader.cancel().catch(() => undefined);
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return text + decoder.decode();
}
