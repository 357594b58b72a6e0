// docs/react-router.md teaches with examples/react-router's own files, which `npm run test:react-router`
// builds and clicks through: each block the guide names is that file, as it is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const guide = readFileSync('docs/react-router.md', 'utf8');
const titled = [...guide.matchAll(/^```tsx? [^\n]*title="([^"]+)"[^\n]*\n([\s\S]*?)^```$/gm)].map(([, title, code]) => ({
  title: title!,
  code: code!,
}));

describe('docs/react-router.md', () => {
  it("shows the example's routes, pages and server modules", () => {
    expect(titled.map(({ title }) => title)).toEqual(
      expect.arrayContaining([
        'app/routes.ts',
        'app/routes/api.flowwise.orders.ts',
        'app/routes/product.tsx',
        'app/routes/return.tsx',
        'app/lib/orderStore.server.ts',
      ]),
    );
  });

  it.each(titled.map(({ title, code }) => [title, code]))('%s is the file of that name in examples/react-router', (title, code) => {
    expect(code).toBe(readFileSync(`examples/react-router/${title}`, 'utf8'));
  });
});
