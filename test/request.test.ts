// The one JSON request helper behind the browser's createOrder and the server client.
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { requestJson, type RequestMessages } from '../src/core/request';
import { setupMsw } from './support';

const server = setupMsw();

const messages: RequestMessages = {
  network: 'net',
  cancelled: 'cancelled',
  timeout: 'slow',
  status: (status) => `status ${status}`,
  invalid: 'invalid',
};
const schema = z.object({ order_status: z.string() });
const url = 'https://merchant.example/api/flowwise/orders?order_id=o_1';

function get(overrides: Partial<Parameters<typeof requestJson>[0]> = {}) {
  return requestJson({ method: 'GET', url, timeoutMs: 1000, maxBytes: 1024, schema, messages, ...overrides });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('requestJson', () => {
  it('sends a GET with no body and returns the validated answer', async () => {
    const seen: Array<{ method: string; body: string; accept: string | null }> = [];
    server.use(
      http.get('https://merchant.example/api/flowwise/orders', async ({ request }) => {
        seen.push({ method: request.method, body: await request.text(), accept: request.headers.get('accept') });
        return HttpResponse.json({ order_status: 'PAID', extra: 1 });
      }),
    );

    await expect(get()).resolves.toEqual({ order_status: 'PAID' });
    expect(seen).toEqual([{ method: 'GET', body: '', accept: 'application/json' }]);
  });

  it("uses the caller's messages, and the ErrorResponse body when there is one", async () => {
    server.use(http.get('https://merchant.example/api/flowwise/orders', () => new HttpResponse('<h1>oops</h1>', { status: 503 })));
    await expect(get()).rejects.toMatchObject({ kind: 'http', status: 503, message: 'status 503' });

    server.use(
      http.get('https://merchant.example/api/flowwise/orders', () =>
        HttpResponse.json(
          { message: 'No such order.', code: 'order_not_found', type: 'invalid_request_error' },
          { status: 404, headers: { 'x-request-id': 'req_1' } },
        ),
      ),
    );
    await expect(get()).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      message: 'No such order.',
      code: 'order_not_found',
      requestId: 'req_1',
    });

    server.use(http.get('https://merchant.example/api/flowwise/orders', () => HttpResponse.json({ order_status: 7 })));
    await expect(get()).rejects.toMatchObject({ kind: 'invalid_response', message: 'invalid', status: 200 });

    server.use(http.get('https://merchant.example/api/flowwise/orders', () => HttpResponse.error()));
    await expect(get()).rejects.toMatchObject({ kind: 'network', message: 'net' });
  });

  it('stops reading an answer past maxBytes', async () => {
    server.use(http.get('https://merchant.example/api/flowwise/orders', () => HttpResponse.json({ order_status: 'x'.repeat(2048) })));
    await expect(get()).rejects.toMatchObject({ kind: 'invalid_response', code: 'response_too_large', message: 'invalid' });
  });

  it('times out after timeoutMs even when fetch ignores its signal, on a timer tests can drive', async () => {
    vi.useFakeTimers();
    const ignoresSignal: typeof fetch = () => new Promise<Response>(() => {});
    const pending = get({ fetch: ignoresSignal, timeoutMs: 5000 });
    const outcome = pending.catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);

    expect(await outcome).toMatchObject({ name: 'FlowwiseError', kind: 'timeout', message: 'slow' });
  });

  it("fails as cancelled when the caller's signal aborts, before or during the request", async () => {
    const before = new AbortController();
    before.abort();
    await expect(get({ signal: before.signal })).rejects.toMatchObject({ kind: 'network', message: 'cancelled' });

    const during = new AbortController();
    const pending = get({ signal: during.signal, fetch: () => new Promise<Response>(() => {}) });
    during.abort(new Error('shopper left'));
    await expect(pending).rejects.toMatchObject({ kind: 'network', message: 'cancelled', cause: new Error('shopper left') });
  });
});
