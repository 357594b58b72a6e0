import { createOrderHandler, createOrderStatusHandler } from '@flowwise/react/server';
import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router';
import { cartSchema, priceCart } from '../lib/catalogue';
import { client, fulfil } from '../lib/flowwise.server';
import { store } from '../lib/orderStore.server';

// Where Flowwise sends the shopper back: the shop's own address, from configuration. Never from the
// request: Host and Origin are whatever the client sent, and a forged pair would send a payer to
// another site with their order_id.
const shopUrl = process.env.SHOP_URL ?? 'http://localhost:3000';

// The browser posts the cart; the order is built here. With no order_id returned, the handler makes
// a new one for each request, so no two shoppers ever share one.
const createOrder = createOrderHandler({
  client,
  store,
  schema: cartSchema,
  prepareOrder: (cart) => ({
    ...priceCart(cart),
    customer_details: {}, // the signed-in customer, from your session
    return_base_url: new URL('/return', shopUrl).href,
  }),
});

// The return page asks here whether the order is paid. Only Flowwise's answer counts, never the return
// URL. With no owner rule, anyone holding an order's id (which the handler made, unguessable) learns
// whether it is paid, and nothing else.
const orderStatus = createOrderStatusHandler({ client, store, onPaid: fulfil });

// POST /api/flowwise/orders: the button creates an order.
export const action = ({ request }: ActionFunctionArgs) => createOrder(request);

// GET /api/flowwise/orders?order_id=…: <FlowwiseOrderStatus> reads its status.
export const loader = ({ request }: LoaderFunctionArgs) => orderStatus(request);
