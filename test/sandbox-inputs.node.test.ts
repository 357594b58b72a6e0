// Whatever a client sends, the sandbox answers it (with no fault configured) with a 2xx, 3xx or 4xx,
// never a 500: arbitrary paths, methods, headers, order bodies and checkout forms.
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ maxRecordedRequests: 10 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

/** Sends exactly `path` (any characters Node lets through), `headers` and `body`; resolves with the status. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  const { port } = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const credentials = { 'x-client-id': 'sandbox_client_id', 'x-client-secret': 'sandbox_client_secret' };
const validOrder = { order_id: 'in_1', order_amount: 10, order_currency: 'INR', customer_details: {} };

// A request target Node will send: printable ASCII without spaces, starting with a slash, heavy on the
// characters that matter to URL parsing (% escapes, brackets, slashes, colons).
const pathChar = fc.oneof(
  fc.constantFrom('%', '%2', '%E0%A4%A', '%zz', '%00', '%2F', '[', ']', '/', '//', ':', '@', '?', '#', '\\', '.', '..'),
  fc.stringMatching(/^[!-~]$/),
);
const path = fc.oneof(
  fc.array(pathChar, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
  fc.array(pathChar, { maxLength: 8 }).map((parts) => `/checkout/${parts.join('')}`),
  fc.array(pathChar, { maxLength: 8 }).map((parts) => `/router/orders/${parts.join('')}`),
  fc.array(pathChar, { maxLength: 8 }).map((parts) => `/router/orders/${parts.join('')}/payments`),
  fc.array(pathChar, { maxLength: 8 }).map((parts) => `//${parts.join('')}`),
);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH');
const headerValue = fc.stringMatching(/^[ -~]{0,40}$/).map((value) => value.trim());

it('answers any path and method without a 5xx, with or without credentials', async () => {
  await fc.assert(
    fc.asyncProperty(method, path, fc.boolean(), async (m, p, authenticated) => {
      const status = await send(m, p, authenticated ? credentials : {});
      expect({ m, p, status: status < 500 }).toEqual({ m, p, status: true });
    }),
    { numRuns: 300 },
  );
});

it('answers any authenticated order body without a 5xx', async () => {
  const field = fc.constantFrom(
    ...Object.keys(validOrder),
    'expiry_time_in_minutes',
    'order_tags',
    'return_base_url',
    'order_note',
    'payment_methods',
  );
  const value = fc.oneof(
    fc.anything(),
    fc.double(),
    fc.integer(),
    fc.constantFrom(1e15, 1e300, -0, 5e-324, Number.MAX_SAFE_INTEGER, '\ud800', 'x\udfff', '%', 'http://[', 'javascript:1'),
  );
  const body = fc.oneof(
    fc.json(),
    fc.string(),
    fc
      .tuple(fc.integer({ min: 0, max: 1000 }), field, value)
      .map(([n, key, v]) => JSON.stringify({ ...validOrder, order_id: `in_${n}`, [key]: v })),
  );
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      const status = await send('POST', '/router/orders', { ...credentials, 'content-type': 'application/json' }, text);
      expect({ text, status: status < 500 }).toEqual({ text, status: true });
      // An order it took has a checkout page, and its home page lists it: neither may break on it.
      for (const order of sandbox.orders.values()) {
        expect(await send('GET', new URL(order.response.checkout_url as string).pathname, {})).toBe(200);
      }
      expect(await send('GET', '/', {})).toBe(200);
    }),
    { numRuns: 300 },
  );
  // 300 cases over HTTP: seconds on a busy machine, which the default 5 s does not always allow.
}, 30_000);

it('answers any checkout form and headers without a 5xx, and pays only with the page token and same origin', async () => {
  const create = await send('POST', '/router/orders', { ...credentials, 'content-type': 'application/json' }, JSON.stringify(validOrder));
  expect(create).toBe(200);
  const form = fc.oneof(
    fc.string(),
    fc
      .dictionary(
        fc.constantFrom('outcome', 'checkout_token', 'x'),
        fc.oneof(fc.string(), fc.constantFrom('paid', 'failed', 'upi', 'cancelled', 'left')),
      )
      .map((fields) => new URLSearchParams(fields).toString()),
  );
  const headers = fc.record(
    {
      origin: fc.oneof(headerValue, fc.constant(sandbox.url), fc.constant('null')),
      'sec-fetch-site': fc.oneof(headerValue, fc.constantFrom('same-origin', 'cross-site', 'none')),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(form, headers, async (body, sent) => {
      const status = await send('POST', '/checkout/in_1', { 'content-type': 'application/x-www-form-urlencoded', ...sent }, body);
      expect({ body, sent, status: status < 500 }).toEqual({ body, sent, status: true });
      // Without the token (which no generated form has), nothing is ever paid, failed or dropped.
      expect(sandbox.orders.get('in_1')!.status).toBe('ACTIVE');
      expect(sandbox.orders.get('in_1')!.payments).toEqual([]);
    }),
    { numRuns: 300 },
  );
});
