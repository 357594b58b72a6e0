import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeChunk } from '../src/server/writeChunk';
import { BAD_GATEWAY_HTML, exampleErrorResponses } from '../src/testing/fixtures';
import type { SandboxContext } from './context';
import { send, sendError, sendJson } from './http';
import type { SandboxBehaviour, SandboxFault } from './types';

/**
 * Whether this API request gets the configured fault, by `failureRate`. `unsafe-url` is not a failure of
 * the request (Create Order goes on and changes its answer), so it is never drawn here.
 */
export function drawsFault({ fault, failureRate = fault ? 1 : 0, random = Math.random }: SandboxBehaviour): boolean {
  return fault !== undefined && fault.type !== 'unsafe-url' && random() < failureRate;
}

/** Whether this Create Order answers an unsafe `checkout_url`, by `failureRate`. */
export function drawsUnsafeUrl({ fault, failureRate = 1, random = Math.random }: SandboxBehaviour): boolean {
  return fault?.type === 'unsafe-url' && random() < failureRate;
}

/** Answers (or fails to answer) `req` as `fault` says. */
export async function injectFault(context: SandboxContext, fault: SandboxFault, req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (fault.type) {
    case 'error': {
      // The spec's example body for the status (or its class), for a fault that does not spell out its own.
      const defaults = Object.hasOwn(exampleErrorResponses, fault.status)
        ? exampleErrorResponses[fault.status as keyof typeof exampleErrorResponses]
        : exampleErrorResponses[fault.status < 500 ? 400 : 500];
      return sendError(
        res,
        fault.status,
        fault.body?.message ?? defaults.message,
        fault.body?.code ?? defaults.code,
        fault.body?.type ?? defaults.type,
      );
    }
    case 'html':
      return send(res, fault.status ?? 502, BAD_GATEWAY_HTML, 'text/html; charset=utf-8');
    case 'invalid-response':
      return sendJson(res, 200, { order_status: 'ACTIVE', checkout_url: 42 });
    case 'huge-body': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let left = fault.bytes ?? Infinity;
      let open = await writeChunk(res, '{"order_id":"huge","checkout_url":"');
      while (left > 0 && open) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        open = await writeChunk(res, piece);
      }
      if (open) res.end('"}');
      return;
    }
    case 'reset': {
      if (fault.afterBytes === undefined) {
        req.socket.destroy();
        return;
      }
      // A response cut off in the middle: what a crashed upstream or a dropped proxy connection sends.
      const body = JSON.stringify({ order_id: 'cut', checkout_url: `${context.origin()}/checkout/cut`, order_status: 'ACTIVE' });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, fault.afterBytes), () => req.socket.destroy());
      return;
    }
    case 'hang':
      return context.waits.forever();
  }
}
