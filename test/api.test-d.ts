import { useMutationState } from '@tanstack/react-query';
import type { ComponentPropsWithoutRef } from 'react';
import {
  createFlowwiseClient,
  createOrderHandler,
  toNodeHandler,
  type FetchHandler,
  type FlowwiseClient,
  type NodeHandler,
  createMemoryOrderStore,
  createReconcileHandler,
  reconcileOrders,
  startReconciler,
  type Reconciler,
  type ReconcileResult,
} from '@flowwise/react/server';
import { describe, expectTypeOf, test } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import {
  FlowwiseCheckoutButton,
  flowwiseKeys,
  getFieldErrors,
  useCreateOrder,
  useFlowwiseCheckout,
  FlowwiseOrderStatus,
  getOrderSummary,
  useFlowwiseOrder,
  useFlowwiseReturn,
  type FlowwiseOrderStatusProps,
  type FlowwiseOrderStatusState,
  type OrderStatusValue,
  type OrderSummary,
  type CheckoutResult,
  type CreateOrderRequest,
  type CreateOrderResponse,
  type FlowwiseCheckoutButtonProps,
  type FlowwiseError,
  type FlowwiseErrorKind,
  type UseCreateOrderResult,
  type UseFlowwiseCheckoutOptions,
  type UseFlowwiseCheckoutResult,
  type UseFlowwiseReturnOptions,
  type CheckoutTriggerProps,
  type UseFlowwiseOrderOptions,
} from '@flowwise/react';

const order = {
  order_id: 'order_1001',
  order_amount: 499.5,
  order_currency: 'INR',
  customer_details: { customer_email: 'shopper@example.com' },
} satisfies CreateOrderRequest;

const { order_id: _omitted, ...orderWithoutId } = order;

describe('useCreateOrder()', () => {
  test('mutate takes a CreateOrderRequest and rejects an order without order_id', () => {
    const { mutate, mutateAsync } = useCreateOrder();
    expectTypeOf(mutate).parameter(0).toEqualTypeOf<CreateOrderRequest>();
    expectTypeOf(orderWithoutId).not.toExtend<Parameters<typeof mutate>[0]>();
    // @ts-expect-error order_id is required
    mutate(orderWithoutId);
    expectTypeOf(mutateAsync).returns.resolves.toHaveProperty('checkout_url').toEqualTypeOf<string>();
  });

  test('errors are FlowwiseErrors, and the result has a name of its own', () => {
    expectTypeOf(useCreateOrder().error).toEqualTypeOf<FlowwiseError | null>();
    expectTypeOf(useCreateOrder()).toEqualTypeOf<UseCreateOrderResult>();
    expectTypeOf(useCreateOrder<{ sku: string }>()).toEqualTypeOf<UseCreateOrderResult<{ sku: string }>>();
  });

  test("the payload is the store's own shape, inferred from a zod or zod/mini schema", () => {
    const cart = z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.number() })) });
    type Cart = z.infer<typeof cart>;
    expectTypeOf(useCreateOrder({ schema: cart }).mutate)
      .parameter(0)
      .toEqualTypeOf<Cart>();
    const miniCart = zm.object({ sku: zm.string() });
    expectTypeOf(useCreateOrder({ schema: miniCart }).mutate)
      .parameter(0)
      .toEqualTypeOf<{ sku: string }>();
    expectTypeOf(useCreateOrder<Cart>().mutate).parameter(0).toEqualTypeOf<Cart>();
    // @ts-expect-error a schema for another shape
    useCreateOrder<Cart>({ schema: miniCart });
  });
});

describe('<FlowwiseCheckoutButton>', () => {
  type Order = FlowwiseCheckoutButtonProps['order'];

  test('order is typed by the schema, for a cart payload too', () => {
    type Cart = { items: Array<{ sku: string; quantity: number }> };
    type CartOrder = FlowwiseCheckoutButtonProps<Cart>['order'];
    expectTypeOf({ items: [{ sku: 'mug', quantity: 2 }] }).toExtend<CartOrder>();
    expectTypeOf({ items: [{ sku: 'mug' }] }).not.toExtend<CartOrder>();
    expectTypeOf<'schema' | 'redirect' | 'messages'>().toExtend<keyof FlowwiseCheckoutButtonProps>();
    void FlowwiseCheckoutButton;
  });

  test('order accepts an object, a function or an async function', () => {
    expectTypeOf(order).toExtend<Order>();
    expectTypeOf(() => order).toExtend<Order>();
    expectTypeOf(async () => order).toExtend<Order>();
  });

  test('order rejects an incomplete order, in any of those forms', () => {
    expectTypeOf(orderWithoutId).not.toExtend<Order>();
    expectTypeOf(async () => orderWithoutId).not.toExtend<Order>();
    expectTypeOf<'order'>().toExtend<keyof FlowwiseCheckoutButtonProps>();
  });
});

describe('FlowwiseError', () => {
  test('kind is exactly the union of the documented kinds', () => {
    expectTypeOf<FlowwiseError['kind']>().toEqualTypeOf<
      'integration' | 'validation' | 'http' | 'network' | 'timeout' | 'invalid_response' | 'unsafe_redirect'
    >();
    expectTypeOf<FlowwiseErrorKind>().toEqualTypeOf<FlowwiseError['kind']>();
  });
});

describe('useFlowwiseCheckout()', () => {
  test('checkout() returns nothing to await: the outcome is in the state', () => {
    expectTypeOf(useFlowwiseCheckout().checkout).returns.toEqualTypeOf<void>();
    expectTypeOf(useFlowwiseCheckout<{ sku: string }>()).toEqualTypeOf<UseFlowwiseCheckoutResult<{ sku: string }>>();
  });

  test("startOn is 'click' or 'pointerdown', and getTriggerProps' handlers fit a <button> and compose its own", () => {
    expectTypeOf<'click' | 'pointerdown' | undefined>().toEqualTypeOf<UseFlowwiseCheckoutOptions['startOn']>();
    expectTypeOf<'pointerup'>().not.toExtend<UseFlowwiseCheckoutOptions['startOn']>();
    expectTypeOf<'pointerdown'>().toExtend<FlowwiseCheckoutButtonProps['startOn']>();
    const trigger = useFlowwiseCheckout().getTriggerProps<HTMLButtonElement>(order, { onClick: (event) => event.currentTarget.disabled });
    expectTypeOf(trigger).toExtend<Pick<ComponentPropsWithoutRef<'button'>, 'onClick' | 'onPointerDown'>>();
    expectTypeOf(trigger).toEqualTypeOf<CheckoutTriggerProps<HTMLButtonElement>>();
  });
});

describe('flowwiseKeys', () => {
  test('every key comes from one object, checkouts and useCreateOrder each with its documented data', () => {
    expectTypeOf(flowwiseKeys.all).toEqualTypeOf<readonly ['flowwise']>();
    expectTypeOf(flowwiseKeys.checkout).toEqualTypeOf<readonly ['flowwise', 'checkout']>();
    expectTypeOf(flowwiseKeys.createOrder).toEqualTypeOf<readonly ['flowwise', 'createOrder']>();
    expectTypeOf(flowwiseKeys.order('order_1001')).toEqualTypeOf<readonly ['flowwise', 'order', string | undefined]>();
    const urls = useMutationState({
      filters: { mutationKey: flowwiseKeys.checkout },
      select: (mutation) => (mutation.state.data as CheckoutResult | undefined)?.response.checkout_url,
    });
    expectTypeOf(urls).toEqualTypeOf<Array<string | undefined>>();
    expectTypeOf(useFlowwiseCheckout().data).toEqualTypeOf<CheckoutResult['response'] | undefined>();
  });
});

describe('@flowwise/react/server', () => {
  const client = createFlowwiseClient({ clientId: 'id', clientSecret: 'secret', environment: 'sandbox' });

  test('reconciliation: a run resolves to its figures, the cron endpoint is a Fetch handler, the loop can be stopped', () => {
    const store = createMemoryOrderStore();
    expectTypeOf(reconcileOrders({ client, store, onPaid: () => undefined })).resolves.toEqualTypeOf<ReconcileResult>();
    expectTypeOf<ReconcileResult[keyof ReconcileResult]>().toEqualTypeOf<number>();
    expectTypeOf(createReconcileHandler({ client, store, onPaid: () => undefined })).toEqualTypeOf<FetchHandler>();
    expectTypeOf<ReturnType<typeof startReconciler>>().toEqualTypeOf<Reconciler>();
    expectTypeOf<Reconciler['stop']>().returns.resolves.toEqualTypeOf<void>();
    // @ts-expect-error onPaid is required: it fulfils each paid order
    void reconcileOrders({ client, store });
  });

  test('the client creates an order from a CreateOrderRequest and takes a signal', () => {
    expectTypeOf(client).toEqualTypeOf<FlowwiseClient>();
    expectTypeOf<FlowwiseClient['createOrder']>().parameter(0).toEqualTypeOf<CreateOrderRequest>();
    expectTypeOf<FlowwiseClient['createOrder']>()
      .parameter(1)
      .toEqualTypeOf<{ signal?: AbortSignal; onRequestId?: (requestId: string) => void } | undefined>();
    expectTypeOf<FlowwiseClient['createOrder']>().returns.resolves.toEqualTypeOf<CreateOrderResponse>();
    // @ts-expect-error environment is required
    createFlowwiseClient({ clientId: 'id', clientSecret: 'secret' });
  });

  test('createOrderHandler is a Fetch handler whose prepareOrder receives the order and the Request', () => {
    const handler = createOrderHandler({
      store: createMemoryOrderStore(),
      client,
      prepareOrder: (order, request) => {
        expectTypeOf(order).toEqualTypeOf<CreateOrderRequest>();
        expectTypeOf(request).toEqualTypeOf<Request>();
        return order;
      },
    });
    expectTypeOf(handler).toEqualTypeOf<FetchHandler>();
    expectTypeOf(handler).toEqualTypeOf<(request: Request) => Promise<Response>>();
    // @ts-expect-error prepareOrder is required
    createOrderHandler({ store: createMemoryOrderStore(), client });
    expectTypeOf(toNodeHandler(handler)).toEqualTypeOf<NodeHandler>();
  });

  test("with a schema, prepareOrder receives the store's payload and may leave order_id out", () => {
    const cart = z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.number() })) });
    createOrderHandler({
      store: createMemoryOrderStore(),
      client,
      schema: cart,
      prepareOrder: (payload) => {
        expectTypeOf(payload).toEqualTypeOf<z.infer<typeof cart>>();
        return { order_amount: payload.items.length * 10, order_currency: 'INR', customer_details: {} };
      },
    });
    createOrderHandler({
      store: createMemoryOrderStore(),
      client,
      schema: cart,
      // @ts-expect-error the order still needs its amount
      prepareOrder: () => ({ order_currency: 'INR', customer_details: {} }),
    });
  });
});

describe('useFlowwiseOrder() and useFlowwiseReturn()', () => {
  test('data is an OrderSummary whose outcome is one of four, error a FlowwiseError, timedOut a boolean', () => {
    const result = useFlowwiseOrder('order_1001', { maxWaitMs: 60_000, endpoint: '/api/checkout', enabled: true });
    expectTypeOf(result.data).toEqualTypeOf<OrderSummary | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<FlowwiseError | null>();
    expectTypeOf(result.timedOut).toEqualTypeOf<boolean>();
    expectTypeOf<OrderSummary['outcome']>().toEqualTypeOf<'paid' | 'pending' | 'failed' | 'expired'>();
    // An order id may be missing (nothing is read), never a number.
    useFlowwiseOrder(undefined);
    // @ts-expect-error an order id is a string
    useFlowwiseOrder(1001);
    // @ts-expect-error a checkout's option is not a status read's
    useFlowwiseOrder('order_1001', { redirect: false });
  });

  test('useFlowwiseReturn takes the options of useFlowwiseOrder and adds the orderId read from the URL', () => {
    expectTypeOf<UseFlowwiseReturnOptions>().toEqualTypeOf<UseFlowwiseOrderOptions>();
    const result = useFlowwiseReturn({ maxWaitMs: 1000 });
    expectTypeOf(result.orderId).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(result.data).toEqualTypeOf<OrderSummary | undefined>();
  });

  test('getOrderSummary, and the wait a store asked for', () => {
    expectTypeOf<FlowwiseError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf(getOrderSummary({}, 'order_1001', { signal: new AbortController().signal })).toEqualTypeOf<Promise<OrderSummary>>();
  });
});

describe('<FlowwiseOrderStatus>', () => {
  test('render props get the summary and, when failed, a verified retry URL or undefined', () => {
    const props: FlowwiseOrderStatusProps = {
      orderId: 'order_1001',
      className: 'status',
      checkoutOrigins: ['https://payments.flowwise.com'],
      renderPending: (summary) => {
        expectTypeOf(summary).toEqualTypeOf<OrderSummary | undefined>();
        return 'Waiting';
      },
      renderPaid: (summary) => summary.order_id,
      renderFailed: (summary, retryUrl) => {
        expectTypeOf(retryUrl).toEqualTypeOf<string | undefined>();
        return summary.outcome;
      },
      renderError: (error) => error.requestId,
    };
    expectTypeOf(props).toExtend<Parameters<typeof FlowwiseOrderStatus>[0]>();
    // @ts-expect-error the region's role is fixed
    const withRole: FlowwiseOrderStatusProps = { role: 'alert' };
    expectTypeOf<FlowwiseOrderStatusState>().toEqualTypeOf<
      'pending' | 'paid' | 'failed' | 'expired' | 'timed_out' | 'not_found' | 'error'
    >();
    void withRole;
  });

  test('Flowwise order_status values have a type of their own', () => {
    expectTypeOf<OrderStatusValue>().toEqualTypeOf<'ACTIVE' | 'PAID' | 'EXPIRED'>();
  });
});

describe('getFieldErrors()', () => {
  test('takes any error (a hook gives FlowwiseError | null) and messages, and gives a sentence per field path', () => {
    expectTypeOf(getFieldErrors).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(getFieldErrors(null, { email: 'Enter a valid e-mail address.' })).toEqualTypeOf<Record<string, string>>();
    // @ts-expect-error a sentence is a string
    getFieldErrors(null, { email: 42 });
  });
});
