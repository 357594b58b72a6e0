/**
 * The Flowwise Create Order OpenAPI text, read from the repository's copy in spec/ so tests never retype it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// Tests run from the repository root, which keeps its own copy of the spec in spec/.
export const specPath = resolve(process.cwd(), 'spec/flowwise-create-order.openapi.yaml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export const spec: Json = parse(readFileSync(specPath, 'utf8'));

const createOrder = spec.paths['/orders'].post;

/** The spec's example request body (the seed's example). */
export const requestExample: Json = createOrder.requestBody.content['application/json'].example;
/** The spec's example 200 response. */
export const responseExample: Json = createOrder.responses['200'].content['application/json'].example;
/** The spec's example error bodies, by status. */
export const errorExamples: Record<'400' | '401' | '500', Json> = {
  400: createOrder.responses['400'].content['application/json'].example,
  401: createOrder.responses['401'].content['application/json'].example,
  500: createOrder.responses['500'].content['application/json'].example,
};
/** `components.schemas` as JSON Schema, for ajv. */
export const componentSchemas: Record<string, Json> = spec.components.schemas;

/** The Flowwise order-status OpenAPI text (Get Order, Get All Payments for Order), from the same spec/ folder. */
export const statusSpecPath = resolve(process.cwd(), 'spec/flowwise-order-status.openapi.yaml');
export const statusSpec: Json = parse(readFileSync(statusSpecPath, 'utf8'));

const getOrder = statusSpec.paths['/orders/{order_id}'].get;
const getPayments = statusSpec.paths['/orders/{orderId}/payments'].get;

/** The spec's example Get Order response. */
export const getOrderExample: Json = getOrder.responses['200'].content['application/json'].example;
/** The spec's example Get All Payments for Order response (an array of payments). */
export const paymentsExample: Json = getPayments.responses['200'].content['application/json'].example;
/** The order-status text's `components.schemas` (OrderStatus, PaymentStatus, Payment), as JSON Schema. */
export const statusComponentSchemas: Record<string, Json> = statusSpec.components.schemas;

/**
 * The JSON Schema of each operation's 200 and 404 bodies, with the order-status text's refs into the
 * Create Order text (`./flowwise-create-order.openapi.yaml#/components/schemas/X`) and its own
 * (`#/components/schemas/X`) both turned into plain schema names, as ajv ids.
 */
export const statusResponseSchemas: Record<'GetOrder' | 'GetOrder404' | 'GetOrderPayments', Json> = JSON.parse(
  JSON.stringify({
    GetOrder: getOrder.responses['200'].content['application/json'].schema,
    GetOrder404: getOrder.responses['404'].content['application/json'].schema,
    GetOrderPayments: getPayments.responses['200'].content['application/json'].schema,
  }).replace(/"(?:\.\/flowwise-create-order\.openapi\.yaml)?#\/components\/schemas\/([A-Za-z]+)"/g, '"$1"'),
);

/**
 * An ajv with every schema of both texts registered under its name, and each operation's response
 * schemas under theirs; `specErrors(name, value)` lists what does not match (none: `[]`).
 */
export async function specValidator() {
  const { Ajv } = await import('ajv');
  const { default: addFormats } = await import('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const unref = (schema: Json) => JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', ''));
  for (const [name, schema] of Object.entries({ ...componentSchemas, ...statusComponentSchemas })) ajv.addSchema(unref(schema), name);
  for (const [name, schema] of Object.entries(statusResponseSchemas)) ajv.addSchema(schema, name);
  return (name: string, value: unknown) => {
    const validate = ajv.getSchema(name)!;
    return validate(value) ? [] : validate.errors;
  };
}
