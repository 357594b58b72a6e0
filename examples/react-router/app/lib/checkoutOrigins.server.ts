// The checkout pages the button may send shoppers to, and the return page's "Try again" link may
// point at: the local sandbox's, or CHECKOUT_ORIGIN's, read on the server at each request. In
// production leave `checkoutOrigins` out of the provider; Flowwise's own is the default.
export const checkoutOrigins = (): string[] => [process.env.CHECKOUT_ORIGIN ?? 'http://127.0.0.1:4010'];
