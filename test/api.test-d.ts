import type { ComponentProps } from 'react';
import { describe, expectTypeOf, test } from 'vitest';
import {
  FlowwiseCheckoutButton,
  useCreateOrder,
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
      'validation' | 'http' | 'network' | 'timeout' | 'invalid_response' | 'unsafe_redirect'
    >();
    expectTypeOf<FlowwiseErrorKind>().toEqualTypeOf<FlowwiseError['kind']>();
  });
});
