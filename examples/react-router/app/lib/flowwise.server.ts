import { createFlowwiseClient, type OnPaid } from '@flowwise/react/server';

// The credentials are read from FLOWWISE_CLIENT_ID and FLOWWISE_CLIENT_SECRET when a request needs
// them, so `react-router build` needs none.
export const client = createFlowwiseClient({
  environment: 'sandbox',
  // The local sandbox (`npm run sandbox` in the repository) unless FLOWWISE_BASE_URL says otherwise.
  baseUrl: process.env.FLOWWISE_BASE_URL ?? 'http://127.0.0.1:4010/router',
});

// Once per paid order, whether the return page or the reconcile cron found it paid: ship `payload`
// (the cart as priced) here, passing `idempotencyKey` on to what you call.
export const fulfil: OnPaid = ({ orderId }) => console.log(`Fulfilled ${orderId}`);
