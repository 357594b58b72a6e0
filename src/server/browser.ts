// What a browser bundle gets for "@flowwise/react/server" (the "browser" condition in package.json):
// the server entry holds the Flowwise client secret and must never ship to shoppers.
function serverOnly(): never {
  throw new Error(
    '@flowwise/react/server was bundled for a browser. It holds your Flowwise client secret and runs on your ' +
      'server only: import it from server code (a route handler, an API route, a Node server), and use ' +
      '@flowwise/react in the browser.',
  );
}

// The server entry's names, so that a bundler that drops unused side-effect-free modules keeps this one
// wherever one of them is imported, and the import then fails as it loads.
export {
  serverOnly as createFlowwiseClient,
  serverOnly as FLOWWISE_BASE_URLS,
  serverOnly as createOrderHandler,
  serverOnly as createOrderStatusHandler,
  serverOnly as orderOutcome,
  serverOnly as toNodeHandler,
  serverOnly as createMemoryOrderStore,
  serverOnly as createPostgresOrderStore,
  serverOnly as ORDER_STORE_SCHEMA_VERSION,
  serverOnly as ORDER_STORE_SQL,
  serverOnly as reconcileOrders,
  serverOnly as createReconcileHandler,
  serverOnly as startReconciler,
  serverOnly as createCallBudgets,
  serverOnly as DEFAULT_CALL_BUDGETS,
};

serverOnly();
