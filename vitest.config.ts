import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vite.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      // In CI a JSON report is written too, from which .ci/run prints its one-line summary.
      reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'jsdom',
            include: ['test/**/*.test.{ts,tsx}'],
            exclude: ['test/**/*.node.test.{ts,tsx}'],
            setupFiles: ['./test/setup.ts'],
            typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
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
      ],
    },
  }),
);
