// What a browser bundle gets for "@flowwise/react/sandbox" (the "browser" condition in package.json):
// the sandbox is an HTTP server for Node, for tests and local development.
function nodeOnly(): never {
  throw new Error(
    '@flowwise/react/sandbox was bundled for a browser. The sandbox is a local HTTP server that runs in Node: ' +
      'start it from your test setup or a Node script (or run `npx flowwise-sandbox`), and point your server ' +
      'at its apiBaseUrl.',
  );
}

// The sandbox entry's names, so that a bundler that drops unused side-effect-free modules keeps this one
// wherever one of them is imported, and the import then fails as it loads.
export { nodeOnly as startSandbox, nodeOnly as SANDBOX_CLIENT_ID, nodeOnly as SANDBOX_CLIENT_SECRET };

nodeOnly();
