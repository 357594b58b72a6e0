// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  // public/ holds msw's generated worker. examples/nextjs and examples/react-router have their own
  // dependencies (npm run test:nextjs and npm run test:react-router type-check and build them).
  globalIgnores(['dist/', 'storybook-static/', 'coverage/', 'test-results/', 'public/', 'examples/nextjs/', 'examples/react-router/']),
  {
    // A disable comment that silences nothing is an error, so that every one left says something true.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  reactHooks.configs.flat.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // `== null` is the one loose comparison kept: it means null or undefined.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Destructuring a name out to leave the rest (`const { order, ...buttonProps } = props`) uses it.
      // A name starting with `_` is unused on purpose (a parameter kept for its position, a rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // `async` without `await` is how a function here turns a synchronous throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // JSON read from the spec, from responses and from Storybook parameters is `any` here on purpose: the
    // tests' assertions check it. Library code keeps these rules.
    files: ['test/**', 'bench/**', 'scripts/**', 'stories/**', '.storybook/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The two configuration files in JavaScript are outside tsconfig.json.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
]);
