import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

import { chromiumLaunchOptions } from './scripts/chromium.ts';

// scripts/test-react18.sh sets REACT_18_DIR to a folder with React 18 installed, along with the
// libraries that import React; every import of them then resolves there, so the same tests run on React 18.
const react18 = process.env.REACT_18_DIR;
const react18Aliases = react18
  ? ['react', 'react-dom', '@testing-library/react', '@testing-library/dom', '@testing-library/user-event', '@tanstack/react-query'].map(
      (name) => ({ find: new RegExp(`^${name}(/.*)?$`), replacement: `${react18}/node_modules/${name}$1` }),
    )
  : [];

export default mergeConfig(
  base,
  defineConfig({
    resolve: { alias: react18Aliases },
    test: {
      // Every vi.spyOn, vi.stubGlobal and vi.stubEnv is undone before the next test, so a test that fails
      // half-way leaks none of them; no test restores its own.
      restoreMocks: true,
      unstubGlobals: true,
      unstubEnvs: true,
      // In CI a JSON report is written too, from which .ci/run prints its one-line summary.
      reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'jsdom',
            include: ['test/**/*.test.{ts,tsx}'],
            exclude: ['test/**/*.{node,slow}.test.{ts,tsx}'],
            setupFiles: ['./test/setup.ts'],
          },
        },
        {
          // The type tests (*.test-d.ts), checked by tsc against React 19's types: `npm test` runs them, and
          // `npm run typecheck` checks the same files. The React 18 run repeats only the runtime tests.
          extends: true,
          test: {
            name: 'types',
            include: [],
            typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
          },
        },
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: ['test/**/*.node.test.{ts,tsx}'],
          },
        },
        {
          // Node tests that build with Vite or Storybook, drive Chromium or start child processes, named
          // *.slow.test.ts: `npm test` runs them, `npm run test:unit` (unit and node) leaves them out.
          extends: true,
          test: {
            name: 'slow',
            environment: 'node',
            include: ['test/**/*.slow.test.{ts,tsx}'],
          },
        },
        {
          // Every story's play function (and its a11y check) as a test, in headless Chromium.
          extends: true,
          plugins: [storybookTest({ configDir: '.storybook' })],
          test: {
            name: 'storybook',
            browser: {
              enabled: true,
              headless: true,
              instances: [{ browser: 'chromium' }],
              provider: playwright({ launchOptions: chromiumLaunchOptions }),
            },
          },
        },
      ],
    },
  }),
);
