import type { RequestMessages } from './request';

/** Maximum bytes read from a merchant-endpoint answer (an order or its summary is well under 2 kB). */
export const ENDPOINT_MAX_BYTES = 64 * 1024;

/**
 * What a failed request from the browser to the merchant endpoint says, for developers (`detail`), short:
 * the shopper's messages come from `messages`.
 */
export const endpointWords: RequestMessages = {
  network: 'Unreachable',
  cancelled: 'Cancelled',
  timeout: 'No answer in time',
  status: (status) => `HTTP ${status}`,
  invalid: 'Unexpected reply',
};
