import { defineConfig, mergeConfig } from 'vite';
import dts from 'vite-plugin-dts';
import base from './vite.config.ts';

/** Each public entry: the client (`.`), and later `/server` and `/testing`. */
const entries = {
  index: 'src/index.ts',
  // Its own file, so that its "use client" marks only the hooks and components.
  client: 'src/client.ts',
  testing: 'src/testing/index.ts',
  server: 'src/server/index.ts',
  'server.browser': 'src/server/browser.ts',
};

const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^zod($|\/)/, /^msw($|\/)/, /^node:/];

export default mergeConfig(
  base,
  defineConfig({
    publicDir: false,
    plugins: [
      dts({
        tsconfigPath: './tsconfig.build.json',
        outDirs: [
          { dir: 'dist', moduleFormat: 'esm' },
          { dir: 'dist', moduleFormat: 'cjs' },
        ],
      }),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      lib: {
        entry: entries,
        formats: ['es', 'cjs'],
        fileName: (format, name) => `${name}.${format === 'es' ? 'mjs' : 'cjs'}`,
      },
      rollupOptions: {
        external,
        output: {
          // A chunk holding hooks or components, shared by src/client.ts and src/index.ts, is imported by
          // index directly: it needs the directive of its own, or a Server Component importing
          // FlowwiseError from the package would pull React state into the server graph.
          banner: (chunk) => (chunk.moduleIds.some((id) => /[\\/]src[\\/](hooks|components)[\\/]/.test(id)) ? '"use client";' : ''),
        },
      },
    },
  }),
);
