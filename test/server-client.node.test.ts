import { inspect } from 'node:util';
import {
  createFlowwiseClient,
  createOrderResponseSchema,
  FLOWWISE_BASE_URLS,
  isFlowwiseError,
  type CreateOrderRequest,
  type FlowwiseError,
} from '@flowwise/react/server';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox';
import { componentSchemas, requestExample, responseExample } from './spec';

// The spec's own JSON Schemas, with `#/components/schemas/X` refs pointing at ajv schema ids.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const [name, schema] of Object.entries(componentSchemas)) {
  ajv.addSchema(JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', '')), name);
}
function specErrors(schemaName: string, value: unknown) {
  const validate = ajv.getSchema(schemaName)!;
  return validate(value) ? [] : validate.errors;
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

function client(overrides: Partial<Parameters<typeof createFlowwiseClient>[0]> = {}) {
  return createFlowwiseClient({
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    environment: 'sandbox',
    baseUrl: sandbox.apiBaseUrl,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<FlowwiseError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isFlowwiseError(error)) throw new Error(`expected a FlowwiseError, got ${inspect(error)}`);
  return error;
}

const orders: CreateOrderRequest[] = [
  { order_id: 'contract_minimal', order_amount: 1, order_currency: 'INR', customer_details: {} },
  { ...(requestExample as CreateOrderRequest), order_id: 'contract_seed_example' },
  {
    order_id: 'contract_every_field',
    order_amount: 0.5,
    order_currency: 'USD',
    customer_details: { customer_id: 'c1', customer_phone: '+14155550100', customer_address: '1 Main St', customer_email: 'a@b.co' },
    payment_methods: 'upi',
    expiry_time_in_minutes: 5,
    order_note: 'Ünïcode ✓ note',
    order_tags: {},
    return_base_url: 'http://localhost:5173/return?from=test',
  },
];

describe('contract with the Flowwise OpenAPI text', () => {
  it('every request validates against CreateOrderRequest and carries both auth headers', async () => {
    const flowwise = client();
    for (const order of orders) await flowwise.createOrder(order);

    expect(sandbox.requests).toHaveLength(orders.length);
    for (const [index, request] of sandbox.requests.entries()) {
      const body = JSON.parse(request.body) as unknown;
      expect(specErrors('CreateOrderRequest', body)).toEqual([]);
      expect(body).toEqual(orders[index]);
      expect(request.headers['x-client-id']).toBe(sandbox.clientId);
      expect(request.headers['x-client-secret']).toBe(sandbox.clientSecret);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.accept).toBe('application/json');
    }
  });

  it("the spec's example response parses unchanged", () => {
    expect(specErrors('CreateOrderResponse', responseExample)).toEqual([]);
    expect(createOrderResponseSchema.parse(responseExample)).toEqual(responseExample);
  });

  it("the sandbox's responses follow the spec (CreateOrderResponse and ErrorResponse)", async () => {
    const created = await client().createOrder({ ...orders[1]!, order_id: 'contract_sandbox_response' });
    expect(specErrors('CreateOrderResponse', sandbox.orders.get('contract_sandbox_response')!.response)).toEqual([]);
    expect(created).toEqual(sandbox.orders.get('contract_sandbox_response')!.response);

    const response = await fetch(`${sandbox.apiBaseUrl}/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(specErrors('ErrorResponse', await response.json())).toEqual([]);
  });
});

describe('createFlowwiseClient', () => {
  it('uses the base URL of each environment from the spec, and baseUrl overrides it', async () => {
    const urls: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      const { order_id } = JSON.parse(init?.body as string) as CreateOrderRequest;
      return Response.json({ order_id, checkout_url: `https://payments.flowwise.com/checkout/${order_id}` });
    };
    const options = { clientId: 'id', clientSecret: 'secret', fetch: recordingFetch };
    const order = orders[0]!;
    await createFlowwiseClient({ ...options, environment: 'sandbox' }).createOrder(order);
    await createFlowwiseClient({ ...options, environment: 'production' }).createOrder(order);
    await createFlowwiseClient({ ...options, environment: 'production', baseUrl: 'https://proxy.example/flowwise/' }).createOrder(order);

    expect(urls).toEqual([
      'https://sandbox.flowwise.com/router/orders',
      'https://app.flowwise.com/router/orders',
      'https://proxy.example/flowwise/orders',
    ]);
    expect(FLOWWISE_BASE_URLS).toEqual({ sandbox: 'https://sandbox.flowwise.com/router', production: 'https://app.flowwise.com/router' });
  });

  it('is created with no credentials (a build), and a request without them fails naming the variable, sending nothing', async () => {
    const saved = { id: process.env.FLOWWISE_CLIENT_ID, secret: process.env.FLOWWISE_CLIENT_SECRET };
    delete process.env.FLOWWISE_CLIENT_ID;
    process.env.FLOWWISE_CLIENT_SECRET = '   ';
    const sent: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => (sent.push(String(input)), new Response('{}'));
    try {
      const client = createFlowwiseClient({ environment: 'sandbox', fetch });
      await expect(client.createOrder(requestExample)).rejects.toMatchObject({
        kind: 'integration',
        code: 'missing_credentials',
        message: "FLOWWISE_CLIENT_ID is not set: set it in the server's environment, or pass it to createFlowwiseClient().",
      });
      // Passed as undefined (process.env.X of an unset variable), the option falls back to the variable too.
      const blankSecret = createFlowwiseClient({ clientId: 'id', clientSecret: process.env.FLOWWISE_CLIENT_SECRET, environment: 'sandbox', fetch });
      await expect(blankSecret.createOrder(requestExample)).rejects.toMatchObject({ code: 'missing_credentials', message: expect.stringMatching(/^FLOWWISE_CLIENT_SECRET is not set/) });
      expect(sent).toEqual([]);

      // Set later (at run time, after the build), the variables are read at the request.
      process.env.FLOWWISE_CLIENT_ID = sandbox.clientId;
      process.env.FLOWWISE_CLIENT_SECRET = sandbox.clientSecret;
      const fromEnv = createFlowwiseClient({ environment: 'sandbox', baseUrl: sandbox.apiBaseUrl });
      await expect(fromEnv.createOrder({ ...requestExample, order_id: 'order_from_env' })).resolves.toMatchObject({ order_id: 'order_from_env' });
    } finally {
      if (saved.id === undefined) delete process.env.FLOWWISE_CLIENT_ID;
      else process.env.FLOWWISE_CLIENT_ID = saved.id;
      if (saved.secret === undefined) delete process.env.FLOWWISE_CLIENT_SECRET;
      else process.env.FLOWWISE_CLIENT_SECRET = saved.secret;
    }
  });

  it('fails at construction on an option of the wrong type or a missing environment', () => {
    expect(() => createFlowwiseClient({ clientId: 42 as never, environment: 'sandbox' })).toThrow('createFlowwiseClient(): clientId must be a string (got number).');
    expect(() => createFlowwiseClient({ clientId: 'id', clientSecret: 's', environment: 'staging' as never })).toThrow(
      /environment must be 'sandbox' or 'production' \(got "staging"\)/,
    );
    expect(() => createFlowwiseClient({ clientId: 'id', clientSecret: 's', environment: 'sandbox', baseUrl: 'sandbox.local' })).toThrow(
      /baseUrl must be an absolute URL/,
    );
    expect(() => createFlowwiseClient({ clientId: 'id', clientSecret: 's', environment: 'sandbox', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });

  it('keeps the secret out of the client object', () => {
    const flowwise = createFlowwiseClient({ clientId: 'id', clientSecret: 'sk_live_hidden', environment: 'production' });
    expect(inspect(flowwise, { depth: 5, showHidden: true })).not.toContain('sk_live_hidden');
    expect(JSON.stringify(flowwise)).not.toContain('sk_live_hidden');
    expect(flowwise).toMatchObject({ environment: 'production', baseUrl: 'https://app.flowwise.com/router' });
  });

  it('returns the validated response, keeping fields it does not know', async () => {
    const created = await client().createOrder({ ...orders[0]!, order_id: 'client_ok', expiry_time_in_minutes: 90 });
    const { response } = sandbox.orders.get('client_ok')!;
    expect(created).toEqual(response);
    expect(Date.parse(created.order_expiry_time!) - Date.parse(created.added_on!)).toBe(90 * 60_000);
  });

  it('rejects an invalid order with a validation error and sends nothing', async () => {
    const error = await failure(client().createOrder({ ...orders[0]!, order_amount: 10.005 }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/order_amount must have at most 2 decimal places/);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('turns a Flowwise ErrorResponse into an http error with its status, code, type and request id', async () => {
    const error = await failure(client({ clientSecret: 'wrong' }).createOrder(orders[0]!));
    expect(error).toMatchObject({
      kind: 'http',
      status: 401,
      code: 'unauthorized',
      type: 'authentication_error',
      message: 'Invalid API credentials provided',
    });
    expect(error.requestId).toMatch(/^req_/);
  });

  it('turns a non-JSON error page into an http error with the status', async () => {
    sandbox.configure({ fault: { type: 'html', status: 503 } });
    const error = await failure(client().createOrder(orders[0]!));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(error.code).toBeUndefined();
  });

  it('turns a 2xx that is not a CreateOrderResponse into invalid_response', async () => {
    sandbox.configure({ fault: { type: 'invalid-response' } });
    const error = await failure(client().createOrder(orders[0]!));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error.issues?.length).toBeGreaterThan(0);
  });

  it('stops reading a response body past 256 kB', async () => {
    sandbox.configure({ fault: { type: 'huge-body', bytes: 300 * 1024 } });
    const error = await failure(client().createOrder(orders[0]!));
    expect(error).toMatchObject({ kind: 'invalid_response', code: 'response_too_large', message: 'Flowwise sent an unexpected response.' });
  });

  it('reads a response body just under the limit in full', async () => {
    sandbox.configure({ fault: { type: 'huge-body', bytes: 200 * 1024 } });
    // The sandbox's huge body answers for order "huge".
    const created = await client().createOrder({ ...orders[0]!, order_id: 'huge' });
    expect(created.order_id).toBe('huge');
    expect(created.checkout_url).toHaveLength(200 * 1024);
  });

  it('times out after timeoutMs', async () => {
    sandbox.configure({ fault: { type: 'hang' } });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 100 }).createOrder(orders[0]!));
    expect(error).toMatchObject({ kind: 'timeout', message: 'Flowwise did not answer within 100 ms.' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a dropped connection as a network error', async () => {
    sandbox.configure({ fault: { type: 'reset' } });
    const error = await failure(client().createOrder(orders[0]!));
    expect(error.kind).toBe('network');
  });

  it('reports a cancelled call as a network error', async () => {
    sandbox.configure({ latencyMs: 2000 });
    const controller = new AbortController();
    const pending = client().createOrder(orders[0]!, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await failure(pending);
    expect(error).toMatchObject({ kind: 'network', message: 'The request to Flowwise was cancelled.' });

    const already = await failure(client().createOrder(orders[0]!, { signal: AbortSignal.abort() }));
    expect(already.kind).toBe('network');
  });
});
