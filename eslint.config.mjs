// Type-aware lint for Pantau. Deliberately small: the recommended sets, plus the two checks the
// compiler cannot make on its own — a switch over a union that forgets a member, and a promise
// that nobody awaits (a probe or alert that silently never finishes).
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Files that run under Node as plain scripts (tool configuration). */
const nodeScriptGlobals = {
  module: 'readonly',
  require: 'readonly',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
};

export default defineConfig(
  {
    // Fixture trees break rules on purpose; generated output is not ours to lint.
    ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'test/fixtures/boundaries/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // tsc already rejects unused locals and parameters; this keeps eslint in step with the
      // code base's convention that a leading underscore marks a value dropped on purpose.
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
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: nodeScriptGlobals },
  },
  {
    // Type-aware rules cover the shipped code (tsconfig.lint.json lists the same folders). Tests
    // and benchmarks get the syntactic rules only: type-checking the CDK tests as well would
    // double the run time for little gain.
    files: ['bin/**/*.ts', 'lib/**/*.ts', 'lambdas/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './tsconfig.lint.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A `default` does not count as handling a union member: when a new member is added, every
      // switch that would quietly send it to the catch-all is reported.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
