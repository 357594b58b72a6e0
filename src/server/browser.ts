// What a browser bundle gets for "@flowwise/react/server" (the "browser" condition in package.json):
// the server entry holds the Flowwise client secret and must never ship to shoppers.
throw new Error(
  '@flowwise/react/server was bundled for a browser. It holds your Flowwise client secret and runs on your ' +
    'server only: import it from server code (a route handler, an API route, a Node server), and use ' +
    '@flowwise/react in the browser.',
);

export {};
