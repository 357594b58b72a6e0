import type { CreateOrderRequest, OrderPayments } from '../schemas';

/**
 * An amount in hundredths, as a whole number: order amounts have at most two decimals, and whole
 * numbers add up exactly where `0.1 + 0.2` does not.
 */
export const minorUnits = (amount: number) => Math.round(amount * 100);

/**
 * Whether `payments` pay `order` in full: the SUCCESS payments in the order's currency add up to at
 * least its amount. Nothing else counts: a REVERSED, FAILED or PENDING payment, one in another
 * currency, or one whose amount Flowwise did not give (or gave as 0 or less).
 */
export function paidInFull(order: Pick<CreateOrderRequest, 'order_amount' | 'order_currency'>, payments: OrderPayments): boolean {
  const paid = payments
    .filter(
      (payment) =>
        payment.status === 'SUCCESS' &&
        payment.payment_currency === order.order_currency &&
        Number.isFinite(payment.payment_amount) &&
        payment.payment_amount! > 0,
    )
    .reduce((sum, payment) => sum + minorUnits(payment.payment_amount!), 0);
  return paid >= minorUnits(order.order_amount);
}
