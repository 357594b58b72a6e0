// npm run size:app (also the last part of `npm run size`): the JavaScript each route of a real app loads from
// the package (scripts/routeSizes.ts). It fails when a route carries code of the other page, or when what the
// package adds to a route is more than 5% above what its import weighs alone, as .size-limit.js measures it:
// either means an app pays for more than the size budgets say.
import { measureRouteSizes, routeSizeTable } from './routeSizes.ts';

const PRODUCT_OWN_CODE_TARGET = 3.7 * 1024;

const sizes = await measureRouteSizes();
console.log('\nEach route of a Vite app with two lazily loaded pages, against the same app built with a stub of the package (min+gzip):\n');
console.log(routeSizeTable(sizes));

const problems: string[] = [];
for (const size of sizes) {
  if (size.foreign.length > 0) problems.push(`the ${size.route} route carries the other page's code: ${size.foreign.join(', ')}`);
  if (size.added > size.alone * 1.05) {
    problems.push(`the package adds ${size.added} B to the ${size.route} route, more than 5% above its import alone (${size.alone} B)`);
  }
}
const product = sizes.find((size) => size.route === 'product')!;
// Reported, not enforced: .size-limit.js holds the own-code figure as a budget.
console.log(
  `\nProduct page's own code: ${product.ownAlone} B as its import alone, ${product.ownAdded} B in the app; target ${Math.floor(PRODUCT_OWN_CODE_TARGET)} B (3.7 KiB): ${Math.max(product.ownAlone, product.ownAdded) <= PRODUCT_OWN_CODE_TARGET ? 'met' : 'not met'}.`,
);
if (problems.length > 0) {
  console.error(`\nRoute size check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('Route size check passed: neither route carries the other page’s code, and each adds within 5% of its import alone.');
