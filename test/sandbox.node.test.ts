import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { validateOrder } from '../sandbox/validateOrder';
import { errorExamples, specValidator } from './spec';

let sandbox: Sandbox;
let clock = new Date('2026-01-15T10:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  clock = new Date('2026-01-15T10:00:00Z');
});

function createOrder(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.apiBaseUrl}/orders`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'x-client-id': sandbox.clientId,
      'x-client-secret': sandbox.clientSecret,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function readOrder(orderId: string, suffix = '', headers: Record<string, string> = {}) {
  return fetch(`${sandbox.apiBaseUrl}/orders/${encodeURIComponent(orderId)}${suffix}`, {
    headers: { 'x-client-id': sandbox.clientId, 'x-client-secret': sandbox.clientSecret, ...headers },
  });
}

/** The hidden per-order token in the checkout page's form. */
async function checkoutToken(orderId: string): Promise<string> {
  const html = await (await fetch(`${sandbox.url}/checkout/${encodeURIComponent(orderId)}`)).text();
  const token = /<input type="hidden" name="checkout_token" value="([^"]+)">/.exec(html)?.[1];
  if (!token) throw new Error(`No checkout_token in the checkout page of ${orderId}`);
  return token;
}

/**
 * Posts the checkout page's form as a browser on that page would: its token, and `Origin` and
 * `Sec-Fetch-Site` saying same-origin. `headers` and `token` override them; a header set to `undefined` is left out.
 */
async function submitCheckout(
  orderId: string,
  outcome: string,
  { token, headers = {} }: { token?: string; headers?: Record<string, string | undefined> } = {},
) {
  const sent = Object.entries({ origin: sandbox.url, 'sec-fetch-site': 'same-origin', ...headers });
  return fetch(`${sandbox.url}/checkout/${encodeURIComponent(orderId)}`, {
    method: 'POST',
    headers: sent.filter((entry): entry is [string, string] => entry[1] !== undefined),
    body: new URLSearchParams({ outcome, checkout_token: token ?? (await checkoutToken(orderId)) }),
    redirect: 'manual',
  });
}

/** Sends `GET <target>` as written, for request targets `fetch` would normalise. */
function rawGet(target: string): Promise<{ status: number; text: string }> {
  const { port } = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      // HTTP/1.0, so that the answer comes unchunked and the connection closes after it.
      socket.write(`GET ${target} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data.slice(data.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

const order = {
  order_id: 'sb_1',
  order_amount: 2299.5,
  order_currency: 'INR',
  customer_details: { customer_email: 'priya.sharma@example.com' },
  order_note: 'Summer dress <b>M</b>',
  expiry_time_in_minutes: 120,
  return_base_url: 'https://mystore.example/payment-result?ref=cart',
};

describe('POST /router/orders', () => {
  it('creates an ACTIVE order with a hash, an expiry time and a checkout_url on the sandbox', async () => {
    const response = await createOrder(order);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      order_id: 'sb_1',
      project_id: 'proj_sandbox',
      customer_email: 'priya.sharma@example.com',
      order_status: 'ACTIVE',
      order_currency: 'INR',
      payment_methods: 'cc,dc,upi,nb,wallet',
      order_note: 'Summer dress <b>M</b>',
      checkout_url: `${sandbox.url}/checkout/sb_1`,
      order_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      order_expiry_time: '2026-01-15T12:00:00Z',
      added_on: '2026-01-15T10:00:00Z',
    });
    expect(sandbox.orders.get('sb_1')).toMatchObject({ request: order, response: body, status: 'ACTIVE' });
  });

  it('expires an order in 30 minutes when expiry_time_in_minutes is not given', async () => {
    const { expiry_time_in_minutes: _, ...rest } = order;
    const body = (await (await createOrder(rest)).json()) as { order_expiry_time: string };
    expect(body.order_expiry_time).toBe('2026-01-15T10:30:00Z');
  });

  it('answers 401 without both valid auth headers', async () => {
    for (const headers of [
      { 'x-client-id': '' } as Record<string, string>,
      { 'x-client-secret': '' },
      { 'x-client-id': 'someone_else' },
      { 'x-client-secret': 'sandbox_client_secre' },
    ]) {
      const response = await createOrder(order, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(errorExamples[401]);
    }
    expect(sandbox.orders.size).toBe(0);
  });

  it('answers 400 with a code naming the problem', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...order, order_amount: 0 }, 'invalid_amount'],
      [{ ...order, order_amount: '10' }, 'invalid_amount'],
      [{ ...order, order_amount: 1.234 }, 'invalid_amount'],
      [{ ...order, order_id: undefined }, 'missing_order_id'],
      [{ ...order, order_id: '' }, 'invalid_order_id'],
      [{ ...order, order_currency: 'inr' }, 'invalid_currency'],
      [{ ...order, customer_details: undefined }, 'missing_customer_details'],
      [{ ...order, customer_details: { customer_email: 'nope' } }, 'invalid_customer_email'],
      [{ ...order, customer_details: { nickname: 'p' } }, 'unknown_field'],
      [{ ...order, expiry_time_in_minutes: 1.5 }, 'invalid_expiry_time'],
      [{ ...order, order_tags: { a: 1 } }, 'invalid_order_tags'],
      [{ ...order, return_base_url: 'javascript:alert(1)' }, 'invalid_return_url'],
      [{ ...order, discount: 5 }, 'unknown_field'],
      [[order], 'invalid_request'],
      ['{"order_id":', 'invalid_json'],
    ];
    for (const [body, code] of cases) {
      const response = await createOrder(body);
      expect({ code, status: response.status }).toEqual({ code, status: 400 });
      expect(await response.json()).toMatchObject({ code, type: 'validation_error', message: expect.any(String) });
    }
    const amount = await createOrder({ ...order, order_amount: -1 });
    expect(await amount.json()).toEqual(errorExamples[400]);
    expect(sandbox.orders.size).toBe(0);
  });

  it('refuses a reused order_id as Flowwise does: 409 already_exists, the order unchanged and still readable', async () => {
    expect((await createOrder(order)).status).toBe(200);
    const again = await createOrder({ ...order, order_amount: 1 });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      message: 'Order already exists for the provided order_id',
      code: 'already_exists',
      type: 'invalid_request_error',
    });
    expect(sandbox.orders.get('sb_1')!.request.order_amount).toBe(2299.5);
    expect(((await readOrder('sb_1').then((r) => r.json())) as { order_status: string }).order_status).toBe('ACTIVE');
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const response = await fetch(`${sandbox.apiBaseUrl}/orders`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('records the requests that pass the credential check, invalid bodies included, and no others', async () => {
    await createOrder(order, { 'x-client-secret': 'wrong' });
    await createOrder({ ...order, order_id: 'sb_2' });
    await createOrder({ ...order, order_id: 'sb_3', order_amount: 0 });
    expect(sandbox.requests.map((r) => JSON.parse(r.body).order_id)).toEqual(['sb_2', 'sb_3']);
    expect(sandbox.requests[0]!.headers['x-client-secret']).toBe(sandbox.clientSecret);
  });

  it('answers 400, not 500, to an expiry time past what a date can hold', async () => {
    for (const expiry_time_in_minutes of [1e15, Number.MAX_SAFE_INTEGER, 5_000_000_000]) {
      const response = await createOrder({ ...order, expiry_time_in_minutes });
      expect({ expiry_time_in_minutes, status: response.status }).toEqual({ expiry_time_in_minutes, status: 400 });
      expect(await response.json()).toEqual({
        message: expect.stringMatching(/^expiry_time_in_minutes is too large/),
        code: 'invalid_expiry_time',
        type: 'validation_error',
      });
    }
    expect(sandbox.orders.size).toBe(0);
    // A long expiry that still is a date (about 100 years) is fine.
    const long = await createOrder({ ...order, expiry_time_in_minutes: 52_560_000 });
    expect(long.status).toBe(200);
    expect(((await long.json()) as { order_expiry_time: string }).order_expiry_time).toBe('2125-12-22T10:00:00Z');
  });

  it('answers 400, not 500, to an order_id that is not well-formed Unicode (a lone surrogate)', async () => {
    const response = await createOrder('{"order_id":"sb_\\ud800","order_amount":10,"order_currency":"INR","customer_details":{}}');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_order_id', type: 'validation_error' });
    expect(sandbox.orders.size).toBe(0);
  });
});

describe('behaviour', () => {
  it('waits latencyMs before answering', async () => {
    sandbox.configure({ latencyMs: 150 });
    const started = Date.now();
    expect((await createOrder(order)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails the share of requests given by failureRate', async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    sandbox.configure({ fault: { type: 'error', status: 500 }, failureRate: 0.5, random: () => draws.shift()! });
    const statuses = [];
    for (const id of ['r1', 'r2', 'r3', 'r4']) statuses.push((await createOrder({ ...order, order_id: id })).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect([...sandbox.orders.keys()]).toEqual(['r2', 'r4']);
  });

  it('injects each kind of fault', async () => {
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    const error = await createOrder(order);
    expect(error.status).toBe(500);
    expect(await error.json()).toEqual(errorExamples[500]);

    sandbox.configure({ fault: { type: 'error', status: 401 } });
    expect(await (await createOrder(order)).json()).toEqual(errorExamples[401]);

    sandbox.configure({ fault: { type: 'html' } });
    const html = await createOrder(order);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/<h1>502 Bad Gateway<\/h1>/);

    sandbox.configure({ fault: { type: 'invalid-response' } });
    const invalid = await createOrder(order);
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toEqual({ order_status: 'ACTIVE', checkout_url: 42 });

    sandbox.configure({ fault: { type: 'huge-body', bytes: 1_000_000 } });
    expect((await (await createOrder(order)).text()).length).toBe(1_000_000 + '{"order_id":"huge","checkout_url":""}'.length);

    sandbox.configure({ fault: { type: 'reset' } });
    await expect(createOrder(order)).rejects.toThrow(TypeError);

    sandbox.configure({ fault: { type: 'hang' } });
    const received = sandbox.requests.length;
    let answered = false;
    void createOrder(order).then(
      () => (answered = true),
      () => undefined,
    );
    await expect.poll(() => sandbox.requests.length).toBe(received + 1);

    sandbox.reset();
    expect((await createOrder(order)).status).toBe(200);
    // The hung request arrived first, and is still not answered.
    expect(answered).toBe(false);
  });
});

describe('hosted checkout page', () => {
  it('shows the amount, currency and note, with Pay and Fail buttons', async () => {
    await createOrder(order);
    const page = await fetch(`${sandbox.url}/checkout/sb_1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('₹2,299.50');
    expect(html).toContain('<dt>Currency</dt><dd>INR</dd>');
    expect(html).toContain('Summer dress &#60;b&#62;M&#60;/b&#62;');
    expect(html).not.toContain('<b>M</b>');
    expect(html).toContain('<button class="pay" type="submit" name="outcome" value="paid">Pay</button>');
    expect(html).toContain('<button class="fail" type="submit" name="outcome" value="failed">Fail</button>');
    expect(html).toContain('<button class="upi" type="submit" name="outcome" value="upi">Pay by UPI</button>');
    expect(html).toContain('<button class="back" type="submit" name="outcome" value="cancelled">Back to the shop</button>');
    // The one inline script (the leave beacon) runs by its hash, and may only call back to the sandbox.
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self';/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-/);
    expect(html).toMatch(/<input type="hidden" name="checkout_token" value="[A-Za-z0-9_-]{43}">/);
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('"Pay" records a SUCCESS payment, marks the order paid and returns to return_base_url with only the order id added', async () => {
    await createOrder(order);
    const token = await checkoutToken('sb_1');
    const response = await submitCheckout('sb_1', 'paid', { token });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://mystore.example/payment-result?ref=cart&order_id=sb_1');
    expect(sandbox.orders.get('sb_1')!.status).toBe('PAID');
    expect(sandbox.orders.get('sb_1')!.payments).toEqual([
      {
        status: 'SUCCESS',
        order_id: 'sb_1',
        payment_id: expect.stringMatching(/^pay_[0-9a-f]{16}$/),
        capture_status: 'SUCCESS',
        capture_amount: 2299.5,
        payment_amount: 2299.5,
        payment_currency: 'INR',
        payment_method: 'card',
        gateway_details: { auth_id: expect.stringMatching(/^AUTH_/), processor_ref: expect.stringMatching(/^CC/), utr: null },
      },
    ]);

    // A paid order cannot be paid (or failed) again.
    const again = await submitCheckout('sb_1', 'failed', { token });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This order has been paid.');
    expect(sandbox.orders.get('sb_1')!.status).toBe('PAID');
    expect(sandbox.orders.get('sb_1')!.payments).toHaveLength(1);
  });

  it('"Fail" records a FAILED payment and leaves the order ACTIVE, so that the same checkout can be tried again', async () => {
    await createOrder(order);
    const response = await submitCheckout('sb_1', 'failed');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://mystore.example/payment-result?ref=cart&order_id=sb_1');
    expect(sandbox.orders.get('sb_1')).toMatchObject({
      status: 'ACTIVE',
      payments: [
        {
          status: 'FAILED',
          capture_status: 'FAILED',
          capture_amount: 0,
          payment_method: 'card',
          gateway_details: { auth_id: null, utr: null },
        },
      ],
    });
    expect(await (await fetch(`${sandbox.url}/checkout/sb_1`)).text()).toContain('>Pay</button>');

    expect((await submitCheckout('sb_1', 'paid')).status).toBe(303);
    expect(sandbox.orders.get('sb_1')!.status).toBe('PAID');
    expect(sandbox.orders.get('sb_1')!.payments.map((payment) => payment.status)).toEqual(['FAILED', 'SUCCESS']);
  });

  it('"Back to the shop" records a USER_DROPPED payment with no method and returns with only the order id', async () => {
    await createOrder(order);
    const response = await submitCheckout('sb_1', 'cancelled');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://mystore.example/payment-result?ref=cart&order_id=sb_1');
    const [payment] = sandbox.orders.get('sb_1')!.payments;
    expect(payment).toMatchObject({ status: 'USER_DROPPED', capture_status: 'FAILED', capture_amount: 0, payment_amount: 2299.5 });
    expect(payment).not.toHaveProperty('payment_method');
    expect(sandbox.orders.get('sb_1')!.status).toBe('ACTIVE');
  });

  it("the page's leave beacon (outcome=left) records USER_DROPPED and answers 204, with the same token and origin checks", async () => {
    await createOrder(order);
    const response = await submitCheckout('sb_1', 'left');
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(sandbox.orders.get('sb_1')!.payments.map((payment) => payment.status)).toEqual(['USER_DROPPED']);

    const forged = await submitCheckout('sb_1', 'left', { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(forged.status).toBe(403);
    expect(sandbox.orders.get('sb_1')!.payments).toHaveLength(1);
  });

  it('refuses an outcome it does not know with the checkout page again, recording nothing', async () => {
    await createOrder(order);
    for (const outcome of ['refund', '', 'toString', '__proto__']) {
      expect((await submitCheckout('sb_1', outcome)).status).toBe(400);
    }
    expect(sandbox.orders.get('sb_1')).toMatchObject({ status: 'ACTIVE', payments: [] });
  });

  it('shows the outcome itself when there is no return_base_url', async () => {
    const outcomes = [
      ['paid', 'This order has been paid.'],
      ['failed', 'The payment for this order failed.'],
      ['upi', 'Waiting for the UPI payment to be approved.'],
      ['cancelled', 'You left the checkout.'],
    ];
    for (const [index, [outcome, text]] of outcomes.entries()) {
      await createOrder({ ...order, order_id: `sb_${index}`, return_base_url: undefined });
      const response = await submitCheckout(`sb_${index}`, outcome!);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(text);
    }
  });

  it('turns an order EXPIRED at its expiry time: Get Order says so, and it cannot be paid', async () => {
    await createOrder({ ...order, expiry_time_in_minutes: 5 });
    const token = await checkoutToken('sb_1');
    clock = new Date('2026-01-15T10:04:59.999Z');
    expect(((await (await readOrder('sb_1')).json()) as { order_status: string }).order_status).toBe('ACTIVE');
    clock = new Date('2026-01-15T10:05:00Z');
    expect(await (await fetch(`${sandbox.url}/checkout/sb_1`)).text()).toContain('This order has expired.');
    for (const outcome of ['paid', 'failed', 'upi', 'cancelled', 'left']) {
      const refused = await submitCheckout('sb_1', outcome, { token });
      expect({ outcome, status: refused.status }).toEqual({ outcome, status: 409 });
    }
    expect(sandbox.orders.get('sb_1')).toMatchObject({ status: 'EXPIRED', payments: [] });
    expect(await (await readOrder('sb_1')).json()).toMatchObject({
      order_id: 'sb_1',
      order_status: 'EXPIRED',
      order_expiry_time: '2026-01-15T10:05:00Z',
    });
  });

  it('answers 404 for an unknown order', async () => {
    const response = await fetch(`${sandbox.url}/checkout/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('No such order.');
  });

  it('answers 400 with a page, not 500, to a checkout link with a malformed % escape', async () => {
    for (const id of ['%', 'sb_%E0%A4%A', '%zz']) {
      const response = await fetch(`${sandbox.url}/checkout/${id}`);
      expect({ id, status: response.status }).toEqual({ id, status: 400 });
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('This checkout link is malformed.');
      const post = await fetch(`${sandbox.url}/checkout/${id}`, { method: 'POST', headers: { origin: sandbox.url }, body: 'outcome=paid' });
      expect(post.status).toBe(400);
    }
  });

  it('answers 400, not 500, to a request target that is not a URL path', async () => {
    for (const target of ['//[', '//%', 'http://[/checkout/x']) {
      const { status, text } = await rawGet(target);
      expect({ target, status }).toEqual({ target, status: 400 });
      expect(JSON.parse(text)).toMatchObject({ code: 'invalid_request_target', type: 'invalid_request_error' });
    }
  });

  it('lists recent orders on its home page', async () => {
    await createOrder(order);
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain(`POST ${sandbox.apiBaseUrl}/orders`);
    expect(html).toContain('<a href="/checkout/sb_1">sb_1</a>');
  });
});

describe('Pay and Fail refuse a post that is not from the checkout page (CSRF)', () => {
  const refused = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('This payment was not confirmed');
    expect(sandbox.orders.get('sb_1')!.status).toBe('ACTIVE');
    expect(sandbox.orders.get('sb_1')!.payments).toEqual([]);
  };

  it('a form on another site cannot mark an order paid', async () => {
    await createOrder(order);
    // What a browser sends when a page elsewhere auto-submits <form action=".../checkout/sb_1" method=post>.
    const response = await fetch(`${sandbox.url}/checkout/sb_1`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=paid',
      redirect: 'manual',
    });
    await refused(response);
  });

  it('gives each order its own token', async () => {
    await createOrder(order);
    await createOrder({ ...order, order_id: 'sb_2' });
    const [one, two] = [await checkoutToken('sb_1'), await checkoutToken('sb_2')];
    expect(one).not.toBe(two);
    expect(await checkoutToken('sb_1')).toBe(one);
  });

  it('refuses a post from another site, even with the right token', async () => {
    await createOrder(order);
    const token = await checkoutToken('sb_1');
    await refused(
      await submitCheckout('sb_1', 'paid', { token, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } }),
    );
    await refused(
      await submitCheckout('sb_1', 'paid', { token, headers: { origin: 'https://evil.example', 'sec-fetch-site': undefined } }),
    );
    // A browser that sends only Sec-Fetch-Site, and one that sends only Origin (a sandboxed frame's is "null").
    const only = (name: string, value: string) => ({ origin: undefined, 'sec-fetch-site': undefined, [name]: value });
    await refused(await submitCheckout('sb_1', 'failed', { token, headers: only('sec-fetch-site', 'cross-site') }));
    await refused(await submitCheckout('sb_1', 'failed', { token, headers: only('sec-fetch-site', 'same-site') }));
    await refused(await submitCheckout('sb_1', 'failed', { token, headers: only('sec-fetch-site', 'none') }));
    await refused(await submitCheckout('sb_1', 'paid', { token, headers: only('origin', 'null') }));
    await refused(await submitCheckout('sb_1', 'paid', { token, headers: only('origin', 'http://127.0.0.1:1') }));
    // A same-origin claim in one header does not outweigh a cross-site one in the other.
    await refused(await submitCheckout('sb_1', 'paid', { token, headers: { 'sec-fetch-site': 'cross-site' } }));
    await refused(await submitCheckout('sb_1', 'paid', { token, headers: { origin: 'https://evil.example' } }));
  });

  it('refuses a post that shows neither Origin nor Sec-Fetch-Site', async () => {
    await createOrder(order);
    const token = await checkoutToken('sb_1');
    const response = await fetch(`${sandbox.url}/checkout/sb_1`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'paid', checkout_token: token }),
      redirect: 'manual',
    });
    await refused(response);
  });

  it("refuses a same-origin post without the order's token", async () => {
    await createOrder(order);
    await createOrder({ ...order, order_id: 'sb_2' });
    const token = await checkoutToken('sb_1');
    const form = (fields: Record<string, string>) =>
      fetch(`${sandbox.url}/checkout/sb_1`, {
        method: 'POST',
        headers: { origin: sandbox.url, 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
    await refused(await form({ outcome: 'paid' }));
    await refused(await form({ outcome: 'paid', checkout_token: '' }));
    await refused(await form({ outcome: 'paid', checkout_token: token.slice(0, -1) }));
    await refused(await form({ outcome: 'paid', checkout_token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` }));
    await refused(await form({ outcome: 'paid', checkout_token: await checkoutToken('sb_2') }));
    await refused(await form({ outcome: 'left' }));
  });

  it('takes a same-origin post with the token, whichever of the two headers the browser sends', async () => {
    await createOrder({ ...order, return_base_url: undefined });
    await createOrder({ ...order, order_id: 'sb_2', return_base_url: undefined });
    await createOrder({ ...order, order_id: 'sb_3', return_base_url: undefined });
    expect((await submitCheckout('sb_1', 'paid', { headers: { 'sec-fetch-site': undefined } })).status).toBe(200);
    expect((await submitCheckout('sb_2', 'paid', { headers: { origin: undefined } })).status).toBe(200);
    // The page reached as localhost rather than 127.0.0.1 is still the same server.
    const local = `http://localhost:${new URL(sandbox.url).port}`;
    const viaLocalhost = await fetch(`${local}/checkout/sb_3`, {
      method: 'POST',
      headers: { origin: local },
      body: new URLSearchParams({ outcome: 'failed', checkout_token: await checkoutToken('sb_3') }),
    });
    expect(viaLocalhost.status).toBe(200);
    expect([...sandbox.orders.values()].map((o) => [o.status, o.payments.map((p) => p.status)])).toEqual([
      ['PAID', ['SUCCESS']],
      ['PAID', ['SUCCESS']],
      ['ACTIVE', ['FAILED']],
    ]);
  });
});

describe('order_amount: at least 0.01, with at most two decimals, exactly', () => {
  const statusOf = async (order_amount: number) => {
    const response = await createOrder({ ...order, order_id: `amount_${order_amount}`, order_amount });
    return { order_amount, status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('refuses an amount below 0.01 or with a third decimal, however small, with a 400 invalid_amount', async () => {
    for (const amount of [1e-9, 1e-7, 0.001, 0.005, 0.009, 10.005, 19.999, 1.000000001, 1000000.001, 0.1 + 0.2, 5e-324]) {
      const { status, body } = await statusOf(amount);
      expect({ amount, status }).toEqual({ amount, status: 400 });
      expect(body).toEqual({
        message: expect.stringMatching(/^Invalid order amount\. /),
        code: 'invalid_amount',
        type: 'validation_error',
      });
    }
    expect((await statusOf(0.001)).body.message).toBe('Invalid order amount. Amount must be at least 0.01');
    expect((await statusOf(10.005)).body.message).toBe('Invalid order amount. Amount must have at most 2 decimal places');
    expect(sandbox.orders.size).toBe(0);
  });

  it('accepts whole cents, including those binary floating point cannot hold exactly', async () => {
    for (const amount of [0.01, 0.07, 0.29, 1.1, 10.5, 19.99, 1.15, 2299.5, 4.35, 999999.99, 1e6, 1e15]) {
      expect({ amount, status: (await statusOf(amount)).status }).toEqual({ amount, status: 200 });
    }
  });

  it('agrees, without HTTP, on every whole number of cents up to 100,000.00 and refuses every tenth of a cent between', () => {
    const amount = (cents: number) => ({ ...order, order_amount: cents / 100 });
    for (let cents = 1; cents <= 10_000_000; cents += cents < 100_000 ? 1 : 97) {
      if (validateOrder(amount(cents)) !== undefined) throw new Error(`${cents / 100} was refused`);
    }
    for (let mills = 1; mills <= 1_000_000; mills += mills < 10_000 ? 1 : 13) {
      if (mills % 10 === 0) continue;
      if (validateOrder({ ...order, order_amount: mills / 1000 })?.code !== 'invalid_amount')
        throw new Error(`${mills / 1000} was accepted`);
    }
  });
});

describe('GET /router/orders/:order_id and /router/orders/:order_id/payments', () => {
  it('answer as the spec says: the order with its current order_status, and its payments oldest first', async () => {
    const specErrors = await specValidator();
    const created = await (await createOrder(order)).json();
    const active = await readOrder('sb_1');
    expect(active.status).toBe(200);
    expect(active.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(active.headers.get('cache-control')).toBe('no-store');
    const body = await active.json();
    expect(specErrors('GetOrder', body)).toEqual([]);
    expect(body).toEqual(created);
    const none = await (await readOrder('sb_1', '/payments')).json();
    expect(none).toEqual([]);
    expect(specErrors('GetOrderPayments', none)).toEqual([]);

    await submitCheckout('sb_1', 'cancelled');
    await submitCheckout('sb_1', 'failed');
    await submitCheckout('sb_1', 'paid');

    const paid = await (await readOrder('sb_1')).json();
    expect(specErrors('GetOrder', paid)).toEqual([]);
    expect(paid).toEqual({ ...(created as object), order_status: 'PAID' });
    const payments = (await (await readOrder('sb_1', '/payments')).json()) as Array<{ status: string; payment_id: string }>;
    expect(specErrors('GetOrderPayments', payments)).toEqual([]);
    for (const payment of payments) expect(specErrors('Payment', payment)).toEqual([]);
    expect(payments.map((payment) => payment.status)).toEqual(['USER_DROPPED', 'FAILED', 'SUCCESS']);
    expect(new Set(payments.map((payment) => payment.payment_id)).size).toBe(3);
    // Every status the sandbox produces is one the spec lists.
    const validStatus = (status: string) => specErrors('PaymentStatus', status);
    for (const payment of payments) expect(validStatus(payment.status)).toEqual([]);
  });

  it('read an order whose id needs encoding', async () => {
    for (const order_id of ['sb/1', 'sb 1?x=#', 'ünï ✓', '%2e%2e']) {
      expect((await createOrder({ ...order, order_id })).status).toBe(200);
      expect(await (await readOrder(order_id)).json()).toMatchObject({ order_id });
      expect((await readOrder(order_id, '/payments')).status).toBe(200);
    }
  });

  it('answer 401 without both valid auth headers, with the spec example body', async () => {
    await createOrder(order);
    for (const headers of [{ 'x-client-id': '' }, { 'x-client-secret': 'sandbox_client_secre' }] as Array<Record<string, string>>) {
      for (const suffix of ['', '/payments']) {
        const response = await readOrder('sb_1', suffix, headers);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual(errorExamples[401]);
      }
    }
  });

  it('answer 404 not_found for an unknown order, with the body the spec notes', async () => {
    const specErrors = await specValidator();
    for (const suffix of ['', '/payments']) {
      const response = await readOrder('sb_missing', suffix);
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(specErrors('GetOrder404', body)).toEqual([]);
      expect(body).toEqual({ message: 'No order entity exists with id: sb_missing', code: 'not_found', type: 'resource_error' });
    }
  });

  it('answer 405 with Allow: GET to other methods, and 400 to a malformed % escape', async () => {
    await createOrder(order);
    for (const path of ['/orders/sb_1', '/orders/sb_1/payments']) {
      const response = await fetch(`${sandbox.apiBaseUrl}${path}`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    }
    const malformed = await fetch(`${sandbox.apiBaseUrl}/orders/sb_%E0%A4%A`, {
      headers: { 'x-client-id': sandbox.clientId, 'x-client-secret': sandbox.clientSecret },
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'invalid_request_target' });
  });

  it('get the configured latency and faults, as Create Order does', async () => {
    await createOrder(order);
    sandbox.configure({ fault: { type: 'error', status: 500 } });
    expect((await readOrder('sb_1')).status).toBe(500);
    sandbox.configure({ fault: { type: 'html', status: 503 } });
    expect((await readOrder('sb_1', '/payments')).status).toBe(503);
    sandbox.configure({ fault: { type: 'invalid-response' } });
    expect(await (await readOrder('sb_1')).json()).toEqual({ order_status: 'ACTIVE', checkout_url: 42 });
    sandbox.configure({ latencyMs: 150 });
    const started = Date.now();
    expect((await readOrder('sb_1')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuse an order_id of "." or "..", which no URL path can name', async () => {
    for (const order_id of ['.', '..']) {
      const response = await createOrder({ ...order, order_id });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_order_id' });
    }
  });
});

describe('Pay by UPI', () => {
  const statusOf = async () => ((await (await readOrder('sb_1')).json()) as { order_status: string }).order_status;
  const paymentStatuses = async () =>
    ((await (await readOrder('sb_1', '/payments')).json()) as Array<{ status: string }>).map((p) => p.status);

  it('records a PENDING upi payment, returns with only the order id, and turns SUCCESS (the order PAID) after upiDelayMs', async () => {
    sandbox.configure({ upiDelayMs: 60_000 });
    await createOrder(order);
    const token = await checkoutToken('sb_1');
    const response = await submitCheckout('sb_1', 'upi', { token });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://mystore.example/payment-result?ref=cart&order_id=sb_1');
    expect(sandbox.orders.get('sb_1')!.payments).toEqual([
      expect.objectContaining({
        status: 'PENDING',
        capture_status: 'PENDING',
        capture_amount: 0,
        payment_method: 'upi',
        gateway_details: { auth_id: null, processor_ref: expect.stringMatching(/^UPI/), utr: null },
      }),
    ]);

    clock = new Date('2026-01-15T10:00:59.999Z');
    expect(await statusOf()).toBe('ACTIVE');
    expect(await paymentStatuses()).toEqual(['PENDING']);
    // While it waits for approval, the checkout page says so and takes no other payment.
    expect(await (await fetch(`${sandbox.url}/checkout/sb_1`)).text()).toContain('Waiting for the UPI payment to be approved.');
    expect((await submitCheckout('sb_1', 'paid', { token })).status).toBe(409);

    clock = new Date('2026-01-15T10:01:00Z');
    expect(await paymentStatuses()).toEqual(['SUCCESS']);
    expect(await statusOf()).toBe('PAID');
    const [payment] = sandbox.orders.get('sb_1')!.payments;
    expect(payment).toMatchObject({
      capture_status: 'SUCCESS',
      capture_amount: 2299.5,
      gateway_details: { auth_id: expect.stringMatching(/^AUTH_/), utr: expect.stringMatching(/^\d{12}$/) },
    });
  });

  it('defaults upiDelayMs to 5 seconds', async () => {
    await createOrder(order);
    await submitCheckout('sb_1', 'upi');
    clock = new Date('2026-01-15T10:00:04.999Z');
    expect(await paymentStatuses()).toEqual(['PENDING']);
    clock = new Date('2026-01-15T10:00:05Z');
    expect(await paymentStatuses()).toEqual(['SUCCESS']);
  });

  it('fails a UPI payment still pending when the order expires, and the order is EXPIRED', async () => {
    sandbox.configure({ upiDelayMs: 10 * 60_000 });
    await createOrder({ ...order, expiry_time_in_minutes: 5 });
    await submitCheckout('sb_1', 'upi');
    clock = new Date('2026-01-15T10:05:00Z');
    expect(await paymentStatuses()).toEqual(['FAILED']);
    expect(await statusOf()).toBe('EXPIRED');
  });

  it('is offered only when payment_methods include upi', async () => {
    await createOrder({ ...order, payment_methods: 'cc,dc' });
    const html = await (await fetch(`${sandbox.url}/checkout/sb_1`)).text();
    expect(html).not.toContain('Pay by UPI');
    expect((await submitCheckout('sb_1', 'upi')).status).toBe(400);
    expect(sandbox.orders.get('sb_1')!.payments).toEqual([]);
    await createOrder({ ...order, order_id: 'sb_2', payment_methods: 'cc, upi' });
    expect(await (await fetch(`${sandbox.url}/checkout/sb_2`)).text()).toContain('Pay by UPI');
  });

  it('refuses an upiDelayMs that is not a number of milliseconds', async () => {
    for (const upiDelayMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sandbox.configure({ upiDelayMs })).toThrow(/upiDelayMs must be a number of milliseconds/);
      await expect(startSandbox({ upiDelayMs })).rejects.toThrow(RangeError);
    }
  });
});
