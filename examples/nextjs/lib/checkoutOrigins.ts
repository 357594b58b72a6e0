// The checkout pages the button may send shoppers to, and the return page's "Try again" link may point
// at: the local sandbox's. In production leave checkoutOrigins out; Flowwise's own is the default. Read
// at build time, as the pages are prerendered.
export const checkoutOrigins = [process.env.NEXT_PUBLIC_CHECKOUT_ORIGIN ?? 'http://127.0.0.1:4010'];
