import type { ComponentProps } from 'react';
import { useMutationState } from '@tanstack/react-query';
import {
  createFlowwiseClient,
  createOrderHandler,
  toNodeHandler,
  type CreateOrderResponse as ServerCreateOrderResponse,
  type FetchHandler,
  type FlowwiseClient,
  type NodeHandler,
} from '@flowwise/react/server';
import { describe, expectTypeOf, test } from 'vitest';
import {
  checkoutMutationKey,
  createOrderMutationKey,
  FlowwiseCheckoutButton,
  useCreateOrder,
  useFlowwiseCheckout,
  type CheckoutResult,
  type CreateOrderRequest,
  type FlowwiseError,
  type FlowwiseErrorKind,
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

  test('errors are FlowwiseErrors', () => {
    expectTypeOf(useCreateOrder().error).toEqualTypeOf<FlowwiseError | null>();
  });
});

describe('<FlowwiseCheckoutButton>', () => {
  type Order = ComponentProps<typeof FlowwiseCheckoutButton>['order'];

  test('order accepts an object, a function or an async function', () => {
    expectTypeOf(order).toExtend<Order>();
    expectTypeOf(() => order).toExtend<Order>();
    expectTypeOf(async () => order).toExtend<Order>();
  });

  test('order rejects an incomplete order, in any of those forms', () => {
    expectTypeOf(orderWithoutId).not.toExtend<Order>();
    expectTypeOf(async () => orderWithoutId).not.toExtend<Order>();
    expectTypeOf<'order'>().toExtend<keyof ComponentProps<typeof FlowwiseCheckoutButton>>();
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

describe('mutation keys', () => {
  test('checkouts and useCreateOrder have their own keys, each with its documented data', () => {
    expectTypeOf(checkoutMutationKey).toEqualTypeOf<readonly ['flowwise', 'checkout']>();
    expectTypeOf(createOrderMutationKey).toEqualTypeOf<readonly ['flowwise', 'createOrder']>();
    const urls = useMutationState({
      filters: { mutationKey: checkoutMutationKey },
      select: (mutation) => (mutation.state.data as CheckoutResult | undefined)?.response.checkout_url,
    });
    expectTypeOf(urls).toEqualTypeOf<Array<string | undefined>>();
    expectTypeOf(useFlowwiseCheckout().data).toEqualTypeOf<CheckoutResult['response'] | undefined>();
  });
});

describe('@flowwise/react/server', () => {
  const client = createFlowwiseClient({ clientId: 'id', clientSecret: 'secret', environment: 'sandbox' });

  test('the client creates an order from a CreateOrderRequest and takes a signal', () => {
    expectTypeOf(client).toEqualTypeOf<FlowwiseClient>();
    expectTypeOf<FlowwiseClient['createOrder']>().parameter(0).toEqualTypeOf<CreateOrderRequest>();
    expectTypeOf<FlowwiseClient['createOrder']>().parameter(1).toEqualTypeOf<{ signal?: AbortSignal } | undefined>();
    expectTypeOf<FlowwiseClient['createOrder']>().returns.resolves.toEqualTypeOf<ServerCreateOrderResponse>();
    // @ts-expect-error environment is required
    createFlowwiseClient({ clientId: 'id', clientSecret: 'secret' });
  });

  test('createOrderHandler is a Fetch handler whose prepareOrder receives the order and the Request', () => {
    const handler = createOrderHandler({
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
    createOrderHandler({ client });
    expectTypeOf(toNodeHandler(handler)).toEqualTypeOf<NodeHandler>();
  });
});
