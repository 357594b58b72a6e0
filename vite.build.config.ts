import { defineConfig, mergeConfig } from 'vite';
import dts from 'vite-plugin-dts';
import base from './vite.config.ts';

/** Each public entry: the client (`.`), and later `/server` and `/testing`. */
const entries = {
  index: 'src/index.ts',
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
      },
    },
  }),
);
