import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** The package's public names, resolved to the sources, so tests and stories exercise the exports map's entries. */
export const packageAliases = [
  { find: /^@flowwise\/react$/, replacement: src('index.ts') },
  { find: /^@flowwise\/react\/server$/, replacement: src('server/index.ts') },
  { find: /^@flowwise\/react\/testing$/, replacement: src('testing/index.ts') },
  { find: /^@flowwise\/react\/sandbox$/, replacement: fileURLToPath(new URL('./sandbox/index.ts', import.meta.url)) },
];

export default defineConfig({
  plugins: [react()],
  resolve: { alias: packageAliases },
});
