/**
 * The browser side of a Flowwise checkout: the provider, the checkout button and hooks, the return page's order
 * status, and the schemas, errors and types shared with the server (safe to import in Server Components too).
 *
 * @packageDocumentation
 * @module @flowwise/react
 */
// No "use client" here: the errors, schemas and types are used in Server Components and route handlers
// too. The hooks and components come from ./client, which is marked.
export {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  getOrderResponseSchema,
  orderIdSchema,
  orderPaymentSchema,
  orderSummarySchema,
  orderPaymentsSchema,
} from './schemas';
export type {
  CreateOrderRequest,
  CreateOrderResponse,
  CustomerDetails,
  FlowwiseErrorResponse,
  OrderOutcome,
  OrderStatusValue,
  OrderSummary,
  PaymentStatusValue,
  GetOrderResponse,
  OrderPayment,
  OrderPayments,
} from './schemas';

export { FlowwiseError, isFlowwiseError } from './core/FlowwiseError';
export type { FlowwiseErrorKind, FlowwiseErrorOptions, FlowwiseIssue } from './core/FlowwiseError';
export { createOrder } from './core/createOrder';
export { getOrderSummary } from './core/getOrderSummary';
export type { GetOrderSummaryCallOptions } from './core/getOrderSummary';
export type { CreateOrderCallOptions } from './core/createOrder';
export type { PayloadSchema } from './core/validate';
export { defaultMessages } from './core/messages';
export type { FlowwiseField, FlowwiseMessages, FlowwiseShopperCode } from './core/messages';
export { defaultStatusMessages } from './core/statusMessages';
export type { FlowwiseStatusMessage } from './core/statusMessages';
export { verifyCheckoutUrl } from './core/checkoutUrl';
export { getFieldErrors } from './core/getFieldErrors';
export { flowwiseKeys } from './core/flowwiseKeys';
export type { CheckoutResult, OrderInput, RedirectMode } from './core/checkout';
export type { FlowwiseConfig, FlowwiseHeaders, FlowwiseRedirectOptions, FlowwiseRequestOptions } from './core/config';

export {
  FlowwiseCheckoutButton,
  FlowwiseOrderStatus,
  FlowwiseProvider,
  useCreateOrder,
  useFlowwiseCheckout,
  useFlowwiseOrder,
  useFlowwiseReturn,
} from './client';
export type { UseCreateOrderOptions, UseCreateOrderResult } from './hooks/useCreateOrder';
export type {
  CheckoutStatus,
  CheckoutTriggerProps,
  UseFlowwiseCheckoutOptions,
  UseFlowwiseCheckoutResult,
} from './hooks/useFlowwiseCheckout';

export type { UseFlowwiseOrderOptions, UseFlowwiseOrderResult } from './hooks/useFlowwiseOrder';
export type { UseFlowwiseReturnOptions, UseFlowwiseReturnResult } from './hooks/useFlowwiseReturn';

export type { FlowwiseProviderProps } from './components/FlowwiseProvider';
export type { FlowwiseOrderStatusProps, FlowwiseOrderStatusState } from './components/FlowwiseOrderStatus';
export type { FlowwiseCheckoutButtonProps } from './components/FlowwiseCheckoutButton';
