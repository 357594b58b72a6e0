import { createOrderRequestSchema, createOrderResponseSchema, errorResponseSchema, isFlowwiseError, useCreateOrder } from '@flowwise/react';
import { renderHook } from '@testing-library/react';
import fc from 'fast-check';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { errorExamples, requestExample, responseExample } from './spec';
import { setupMsw, withQueryClient } from './support';

const server = setupMsw();

const validOrder = fc.record({
  order_id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  order_amount: fc.integer({ min: 1, max: 100_000_000 }).map((cents) => cents / 100),
  order_currency: fc.constantFrom('INR', 'USD', 'EUR'),
  customer_details: fc.record(
    {
      customer_email: fc.constantFrom('priya.sharma@example.com', 'a@b.co'),
      customer_phone: fc.constantFrom('+919876543210', '9876543210'),
      customer_id: fc.stringMatching(/^[a-z0-9_]{1,20}$/),
    },
    { requiredKeys: [] },
  ),
  order_note: fc.option(fc.string(), { nil: undefined }),
  order_tags: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string()), { nil: undefined }),
});

/** Valid orders, orders with one field replaced by an arbitrary value, and arbitrary values. */
const candidateOrder = fc.oneof(
  validOrder,
  fc
    .tuple(validOrder, fc.constantFrom(...Object.keys(requestExample), 'extra'), fc.anything())
    .map(([order, key, value]) => ({ ...order, [key]: value })),
  fc.anything(),
);

describe('schemas never throw', () => {
  it.each([
    ['createOrderRequestSchema', createOrderRequestSchema],
    ['createOrderResponseSchema', createOrderResponseSchema],
    ['errorResponseSchema', errorResponseSchema],
  ] as const)('%s only returns issues, for any JSON value or JS value', (_, schema) => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true, withBigInt: true })), (value) => {
        const result = schema.safeParse(value);
        expect(typeof result.success).toBe('boolean');
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('useCreateOrder under arbitrary input and arbitrary answers', () => {
  it('with the request schema as its schema, sends only bodies that parse under it, and nothing for an invalid order', async () => {
    const bodies: string[] = [];
    server.use(
      http.post('*/api/flowwise/orders', async ({ request }) => {
        const text = await request.text();
        bodies.push(text);
        return HttpResponse.json({ ...responseExample, order_id: JSON.parse(text).order_id });
      }),
    );
    const { result } = renderHook(() => useCreateOrder({ schema: createOrderRequestSchema }), { wrapper: withQueryClient() });

    await fc.assert(
      fc.asyncProperty(candidateOrder, async (candidate) => {
        bodies.length = 0;
        const valid = createOrderRequestSchema.safeParse(candidate).success;
        const outcome = await result.current.mutateAsync(candidate as never).then(
          () => 'data',
          (error: unknown) => (isFlowwiseError(error) ? error.kind : 'other'),
        );
        if (valid) {
          expect(outcome).toBe('data');
          expect(bodies).toHaveLength(1);
          expect(createOrderRequestSchema.safeParse(JSON.parse(bodies[0]!)).success).toBe(true);
        } else {
          expect(outcome).toBe('validation');
          expect(bodies).toHaveLength(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  const answer = fc.record({
    status: fc.constantFrom(200, 201, 204, 301, 400, 401, 404, 409, 422, 500, 502, 503, 504),
    body: fc.oneof(
      fc.constant(JSON.stringify(responseExample)),
      fc.constant(JSON.stringify(errorExamples[400])),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string(),
      fc.constant('<html><body>Bad gateway</body></html>'),
    ),
    contentType: fc.constantFrom('application/json', 'text/html', 'text/plain', ''),
    delayMs: fc.constantFrom(0, 0, 5, 80),
    // About one in ten attempts fails at the network level.
    fails: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });

  it('ends every attempt in exactly one of data or a FlowwiseError, and a late answer in a timeout', async () => {
    const timeoutMs = 40;
    let current: typeof answer extends fc.Arbitrary<infer T> ? T : never;
    server.use(
      http.post('*/api/flowwise/orders', async () => {
        await delay(current.delayMs);
        if (current.fails) return HttpResponse.error();
        const status = current.status === 204 ? 200 : current.status;
        return new HttpResponse(current.body, {
          status,
          headers: current.contentType ? { 'content-type': current.contentType } : {},
        });
      }),
    );
    const { result } = renderHook(() => useCreateOrder({ timeoutMs }), { wrapper: withQueryClient() });

    await fc.assert(
      fc.asyncProperty(answer, async (next) => {
        current = next;
        const settled = await result.current.mutateAsync(requestExample).then(
          (data) => ({ data, error: undefined }),
          (error: unknown) => ({ data: undefined, error }),
        );

        expect((settled.data === undefined) !== (settled.error === undefined)).toBe(true);
        if (settled.error !== undefined) expect(isFlowwiseError(settled.error)).toBe(true);
        else expect(createOrderResponseSchema.safeParse(settled.data).success).toBe(true);
        if (next.delayMs > timeoutMs) expect(settled.error).toMatchObject({ kind: 'timeout' });
      }),
      { numRuns: 120 },
    );
  });
});
