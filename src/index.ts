'use client';

export {
  createOrderRequestSchema,
  createOrderResponseSchema,
  customerDetailsSchema,
  errorResponseSchema,
  getOrderResponseSchema,
  orderIdSchema,
  orderPaymentSchema,
  orderPaymentsSchema,
} from './schemas';
export type {
  CreateOrderRequest,
  CreateOrderResponse,
  CustomerDetails,
  FlowwiseErrorResponse,
  FlowwiseOrderStatus,
  FlowwisePaymentStatus,
  GetOrderResponse,
  OrderPayment,
  OrderPayments,
} from './schemas';

export { FlowwiseError, isFlowwiseError } from './core/FlowwiseError';
export type { FlowwiseErrorKind, FlowwiseErrorOptions, FlowwiseIssue } from './core/FlowwiseError';
export { createOrder } from './core/createOrder';
export type { CreateOrderCallOptions } from './core/createOrder';
export { verifyCheckoutUrl } from './core/checkoutUrl';
export type { CheckoutResult, OrderInput, RedirectMode } from './core/checkout';
export type { FlowwiseConfig, FlowwiseHeaders, FlowwiseRedirectOptions, FlowwiseRequestOptions } from './core/config';

export { useCreateOrder, createOrderMutationKey } from './hooks/useCreateOrder';
export type { UseCreateOrderOptions } from './hooks/useCreateOrder';
export { useFlowwiseCheckout, checkoutMutationKey } from './hooks/useFlowwiseCheckout';
export type {
  CheckoutStatus,
  UseFlowwiseCheckoutOptions,
  UseFlowwiseCheckoutResult,
} from './hooks/useFlowwiseCheckout';

export { FlowwiseProvider } from './components/FlowwiseProvider';
export type { FlowwiseProviderProps } from './components/FlowwiseProvider';
export { FlowwiseCheckoutButton } from './components/FlowwiseCheckoutButton';
export type { FlowwiseCheckoutButtonProps } from './components/FlowwiseCheckoutButton';
