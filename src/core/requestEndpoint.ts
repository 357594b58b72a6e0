import type { ResolvedFlowwiseConfig } from './config';
import { requestJson, type JsonRequest, type RequestMessages } from './request';
import { assertSameOrder } from './validate';

/** Maximum bytes read from a merchant-endpoint answer (an order or its summary is well under 2 kB). */
const ENDPOINT_MAX_BYTES = 64 * 1024;

/**
 * What a failed request from the browser to the merchant endpoint says, for developers (`detail`), short:
 * the shopper's messages come from `messages`.
 */
const endpointWords: RequestMessages = {
  network: 'Unreachable',
  cancelled: 'Cancelled',
  timeout: 'No answer in time',
  status: (status) => `HTTP ${status}`,
  invalid: 'Unexpected reply',
};

/**
 * One request from the browser to the merchant endpoint (an order, or a status read): the config's headers,
 * `fetch`, time limit and credentials, the endpoint's size limit and words, and an answer about `orderId`
 * when one was sent: an answer about another order would tell the shopper about someone else's, or send
 * them to someone else's checkout (`invalid_response`, code `order_id_mismatch`).
 */
export async function requestEndpoint<T extends { order_id: string }>(
  config: ResolvedFlowwiseConfig,
  request: Pick<JsonRequest<T>, 'method' | 'url' | 'body' | 'schema' | 'signal' | 'onResponse'>,
  orderId: unknown,
): Promise<T> {
  const answer = await requestJson({
    // `headers`, `fetch` and `timeoutMs` go through under the names the request takes.
    ...config,
    ...request,
    init: { credentials: config.credentials },
    maxBytes: ENDPOINT_MAX_BYTES,
    messages: endpointWords,
  });
  assertSameOrder(orderId, answer.order_id, endpointWords.invalid);
  return answer;
}
