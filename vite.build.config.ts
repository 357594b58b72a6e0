import { defineConfig, mergeConfig } from 'vite';
import dts from 'vite-plugin-dts';
import base from './vite.config.ts';

/** Each public entry: the client (`.`), `/server`, `/testing` and `/sandbox`, their browser stubs, and the sandbox's bin. */
export const entries = {
  index: 'src/index.ts',
  // Its own file, so that its "use client" marks only the hooks and components.
  client: 'src/client.ts',
  testing: 'src/testing/index.ts',
  server: 'src/server/index.ts',
  'server.browser': 'src/server/browser.ts',
  sandbox: 'sandbox/index.ts',
  'sandbox.browser': 'sandbox/browser.ts',
  'sandbox-cli': 'sandbox/cli.ts',
};

const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^zod($|\/)/, /^msw($|\/)/, /^node:/];

export default mergeConfig(
  base,
  defineConfig({
    publicDir: false,
    plugins: [
      {
        // The bin runs as an ES module only (package.json "bin"); a CommonJS copy would ship for nothing.
        name: 'flowwise-bin-esm-only',
        generateBundle(options, bundle) {
          if (options.format !== 'cjs') return;
          for (const file of Object.keys(bundle)) if (file.startsWith('sandbox-cli.')) delete bundle[file];
        },
      },
      dts({
        tsconfigPath: './tsconfig.build.json',
        // The sandbox's declarations go to dist/sandbox/, and src's straight into dist/ (not dist/src/), so
        // the sandbox's imports of types from src are pointed one folder up into dist/ as well.
        entryRoot: '.',
        beforeWriteFile: (filePath, content) => ({
          filePath: filePath.replace(/([\\/])dist[\\/]src[\\/]/, '$1dist$1'),
          content: /[\\/]dist[\\/]sandbox[\\/]/.test(filePath) ? content.replace(/(from ['"])\.\.\/src\//g, '$1../') : content,
        }),
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
          // The keys are shared by the hooks and the entry, so they would land in the hooks' "use client" chunk,
          // where a server importing them would get a client reference: a chunk of their own keeps them plain.
          codeSplitting: { groups: [{ name: 'flowwiseKeys', test: /[\\/]src[\\/]core[\\/]flowwiseKeys\.ts$/ }] },
        },
      },
    },
  }),
);
