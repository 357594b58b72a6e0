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
