/// <reference types="vite/client" />

/** Origins the checkout page may be on; `null` keeps the package's default (real Flowwise). */
declare const __CHECKOUT_ORIGINS__: string[] | null;
/** Which Flowwise the store's endpoint talks to, for the banner. */
declare const __FLOWWISE_MODE__: string;
