/// <reference types="node" />
import type { ServerResponse } from 'node:http';

/**
 * Writes one chunk of a response body, waiting for the socket to drain when it asks to; `false` once
 * the client is gone, so that a writer stops producing a body nobody reads.
 */
export async function writeChunk(res: ServerResponse, chunk: Uint8Array | string): Promise<boolean> {
  if (res.destroyed) return false;
  // Checked again after the write: a response destroyed meanwhile emits neither event.
  if (!res.write(chunk) && !res.destroyed) {
    await new Promise<void>((resolve) => {
      const go = () => {
        res.off('drain', go);
        res.off('close', go);
        resolve();
      };
      res.on('drain', go);
      res.on('close', go);
    });
  }
  return !res.destroyed;
}
