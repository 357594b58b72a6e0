// @ts-check
// Size budgets for the built entries (`npm run size` builds first). Each check bundles its entry with esbuild
// (minified, ES module, `process.env.NODE_ENV` "production") and gzips it. size-limit keeps the package's
// peer dependencies (react, react-dom, @tanstack/react-query, msw) external in every check; `ignore` adds zod
// where a check counts our own code only. size-limit leaves out what an empty esbuild bundle costs (32 bytes
// gzipped, 46 for an `import` check). scripts/size.ts prints the own code as one whole gzip file, and
// scripts/size-app.ts measures what each route of a real app (Vite, two lazily loaded pages) loads.

/** @param {import('esbuild').BuildOptions} options */
const browser = (options) => ({
  ...options,
  format: /** @type {const} */ ('esm'),
  platform: /** @type {const} */ ('browser'),
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
});
/** @param {import('esbuild').BuildOptions} options */
const node = (options) => ({ ...browser(options), platform: /** @type {const} */ ('node') });

export default [
  {
    name: '@flowwise/react: own code (react, react-dom, @tanstack/react-query, zod external)',
    path: 'dist/index.mjs',
    ignore: ['zod'],
    gzip: true,
    // The whole entry: every schema (request, response, order reads, the order summary), the shopper and
    // return-page words, hooks and components (the return page's added 1,319 B: 4,620 B before, 5,939 B
    // after; getFieldErrors, flowwiseKeys and the status read's Retry-After 188 B: 5,922 B before, 6,110 B
    // after; the client's last changes 105 B, to 6,215 B; startOn and one module per file 259 B, 6,474 B
    // after; 6,434 B measured before the product page's byte cuts, 6,439 B after: `createOrder` hands its
    // `schema` to the request inside the config). With one file per module, esbuild writes one import of
    // react, zod and TanStack Query per file, which an app bundling them does not pay (scripts/size-app.ts
    // measures a real app). No page imports all of it; what a checkout or a return page pulls in is held by
    // the rows below.
    limit: '6439 B',
    modifyEsbuildConfig: browser,
  },
  {
    name: '@flowwise/react: with zod (react, react-dom, @tanstack/react-query external)',
    path: 'dist/index.mjs',
    gzip: true,
    // 11,865 B before the return page, 13,161 B after; 13,139 B before getFieldErrors, flowwiseKeys and
    // Retry-After, 13,329 B after; 13,418 B before startOn and one module per file, 13,659 B after; 13,629 B
    // measured before errorResponseSchema checked each key of an issue's path with one z.custom rather than
    // z.union of z.string and z.number, 13,351 B after.
    limit: '13351 B',
    modifyEsbuildConfig: browser,
  },
  {
    // What a shopper downloads for a checkout button, zod included: the browser no longer bundles the
    // request schema (the endpoint checks the payload): 9,845 B before that change, 9,394 B after (esbuild
    // and gzip alone, without size-limit's deduction of an empty bundle). 9,329 B before startOn and one
    // module per file, 9,506 B after; 9,497 B after the byte cuts of the row below, 9,202 B once
    // errorResponseSchema no longer used z.union and z.number (the key of an issue's path is one z.custom).
    name: '@flowwise/react: { FlowwiseCheckoutButton, FlowwiseProvider }, with zod',
    path: 'dist/index.mjs',
    import: '{ FlowwiseCheckoutButton, FlowwiseProvider }',
    gzip: true,
    limit: '9202 B',
    modifyEsbuildConfig: browser,
  },
  {
    // Holds today's figure, so that what a button pulls in cannot grow unnoticed (3,684 B before the return
    // page's hooks and component were exported beside it, 3,680 B after: they are left out; 3,670 B on the
    // client's last changes). startOn added 123 B (3,793 B), one module per file 71 B (3,864 B), 42 B of
    // them the repeated imports of react, zod and TanStack Query this check's esbuild writes, one per file.
    // Byte cuts that keep every shopper message a checkout can show and every check took 13 B off (3,851 B):
    // the provider renders its context with createElement (its file imports no JSX runtime), sendOrder takes
    // the signal alone, a mouse or pen press is one regular expression. The target is 3.7 KiB (3,788 B), the
    // goal 3.2 kB, neither met: bench/results.md has the breakdown by module.
    name: '@flowwise/react: { FlowwiseCheckoutButton, FlowwiseProvider }, own code',
    path: 'dist/index.mjs',
    import: '{ FlowwiseCheckoutButton, FlowwiseProvider }',
    ignore: ['zod'],
    gzip: true,
    limit: '3851 B',
    modifyEsbuildConfig: browser,
  },
  {
    // What a return page downloads: the status component, its query and the summary's schema. The checkout
    // rows above hold that none of it reaches a button's bundle, and these that the button and its checkout
    // do not reach a return page's (they did until the button became one pure expression: 11,348 B before,
    // 10,463 B after).
    name: '@flowwise/react: { FlowwiseOrderStatus, FlowwiseProvider }, with zod',
    path: 'dist/index.mjs',
    import: '{ FlowwiseOrderStatus, FlowwiseProvider }',
    gzip: true,
    // Today's figure, so that it cannot grow unnoticed (10,552 B on the client's last changes, 10,557 B with
    // one module per file; 10,523 B measured before the product page's byte cuts, 10,223 B after, nearly all
    // of it errorResponseSchema's z.union and z.number).
    limit: '10223 B',
    modifyEsbuildConfig: browser,
  },
  {
    name: '@flowwise/react: { FlowwiseOrderStatus, FlowwiseProvider }, own code',
    path: 'dist/index.mjs',
    import: '{ FlowwiseOrderStatus, FlowwiseProvider }',
    ignore: ['zod'],
    gzip: true,
    // 5,196 B with the checkout button in it, 4,285 B without; 4,391 B on the client's last changes, 4,407 B
    // with one module per file; 4,359 B measured before the product page's byte cuts, 4,358 B after.
    limit: '4358 B',
    modifyEsbuildConfig: browser,
  },
  {
    name: '@flowwise/react: with zod and @tanstack/react-query (react, react-dom external), not budgeted',
    path: 'dist/index.mjs',
    gzip: true,
    // size-limit makes every peer dependency external; this check bundles TanStack Query too.
    modifyEsbuildConfig: (options) => ({ ...browser(options), external: ['react', 'react-dom'] }),
  },
  {
    name: '@flowwise/react/server: own code (Node), not budgeted',
    path: 'dist/server.mjs',
    ignore: ['zod'],
    gzip: true,
    modifyEsbuildConfig: node,
  },
  {
    name: '@flowwise/react/testing: own code, not budgeted',
    path: 'dist/testing.mjs',
    ignore: ['zod'],
    gzip: true,
    modifyEsbuildConfig: browser,
  },
];
