/**
 * Helpers for the server tests: a loopback server closed after the test, an order to post, a distinctive
 * client secret to search for, a capture of everything written to the console and to stdout/stderr, and
 * a walk over an error's whole cause chain.
 */
import { once } from 'node:events';
import { createServer, Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { CreateOrderRequest } from '@flowwise/react';
import { onTestFinished, vi } from 'vitest';

/** Closes `server` and every connection still open on it. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * Starts `server`, or a Node http server calling `listener`, on an ephemeral loopback port and returns its
 * URL; it is closed when the test finishes, passed or failed. Like Node, it does not wait for a promise
 * the listener returns.
 */
export async function listen(target: Server | ((req: IncomingMessage, res: ServerResponse) => unknown)): Promise<string> {
  const server = target instanceof Server ? target : createServer((req, res) => void target(req, res));
  onTestFinished(() => closeServer(server));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let orderCount = 0;
/** A valid order with an `order_id` no other call in the file gets, changed by `overrides`. */
export function order(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  orderCount += 1;
  return {
    order_id: `order_${orderCount}`,
    order_amount: 499,
    order_currency: 'INR',
    customer_details: { customer_email: 'asha@example.com' },
    ...overrides,
  };
}

/** A secret no real text contains, so finding it anywhere means it leaked. */
export const SECRET = 'fw_secret_7c1d2b9e-DO-NOT-PRINT-4a6f03e5';

/** The secret and a distinctive part of it, to catch a secret that leaked cut short or re-encoded. */
const secretMarkers = [SECRET, '7c1d2b9e-DO-NOT-PRINT', encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64')];

/** The markers of the secret found in `text`. */
export function secretsIn(text: string): string[] {
  return secretMarkers.filter((marker) => text.includes(marker));
}

/**
 * Records every console call and every write to process.stdout and process.stderr for the rest of the
 * test (the Vitest config's `restoreMocks` undoes it before the next one); nothing is printed meanwhile.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' '));
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(record);
  const writer = (chunk: unknown, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(writer);
  vi.spyOn(process.stderr, 'write').mockImplementation(writer);
  return {
    /** Everything recorded so far. */
    text: () => chunks.join('\n'),
    /** How many console calls and writes were recorded. */
    count: () => chunks.length,
  };
}

/**
 * Every text an error exposes to a logger: `message`, `stack`, `String()`, `util.inspect()` and its
 * own enumerable properties, for the error and each `cause` below it (and an AggregateError's errors).
 */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (value === undefined || value === null || seen.has(value) || depth > 20) return;
    seen.add(value);
    if (typeof value !== 'object') {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a primitive or a function: String() shows it
      texts.push(String(value));
      return;
    }
    const error = value as Error & { errors?: unknown[] };
    texts.push(String(error.message), String(error.stack), String(error), inspect(error, { depth: 10 }));
    try {
      texts.push(JSON.stringify(error));
    } catch {
      // A cyclic object still had its inspect() text recorded above.
    }
    visit(error.cause, depth + 1);
    for (const inner of Array.isArray(error.errors) ? error.errors : []) visit(inner, depth + 1);
  };
  visit(error, 0);
  return texts;
}

/** How many errors `error`'s cause chain holds, itself included (so a test can show it walked some). */
export function causeChainLength(error: unknown): number {
  let length = 0;
  for (let current = error; current instanceof Error && length < 20; current = current.cause) length += 1;
  return length;
}
