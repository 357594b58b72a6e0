import { index, route, type RouteConfig } from '@react-router/dev/routes';

export default [
  index('routes/product.tsx'),
  route('return', 'routes/return.tsx'),
  // Resource routes: modules with a loader or an action and no component, answering HTTP as they like.
  route('api/flowwise/orders', 'routes/api.flowwise.orders.ts'),
  route('api/flowwise/reconcile', 'routes/api.flowwise.reconcile.ts'),
] satisfies RouteConfig;
