/**
 * Reads a body stream as UTF-8 text, stopping as soon as it passes `maxBytes`: then the stream is
 * cancelled and the result is `undefined`. A missing body reads as `''`. With `timeoutMs`, a body
 * still incomplete after that long is cancelled too, and the promise rejects with a `TimeoutError`.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  timeoutMs?: number,
): Promise<string | undefined> {
  if (!body) return '';
  const reader = body.getReader();
  let timedOut = false;
  // Cancelling settles a read that is still waiting, so a stalled sender cannot hold the caller.
  const deadline =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          reader.cancel().catch(() => undefined);
        }, timeoutMs);
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw new DOMException(`The body did not arrive within ${timeoutMs} ms.`, 'TimeoutError');
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
    clearTimeout(deadline);
  }
  return text + decoder.decode();
}
