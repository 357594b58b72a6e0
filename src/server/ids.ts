/** 22 URL-safe characters from 16 random bytes (128 bits): unguessable, and never shared by two requests. */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return (
    prefix +
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
}

/**
 * An `order_id` for an order whose `prepareOrder` left it out: `order_` and 22 URL-safe characters.
 *
 * @internal
 */
export const newOrderId = () => randomId('order_');
