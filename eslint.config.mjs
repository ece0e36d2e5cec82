import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      '.bench-data/',
      'test-output/',
      '.before/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The pure centre stays free of the framework: deciders, events and projections import no Nest.
    files: [
      'src/*/domain/**/*.ts',
      'projections/**/*.ts',
      'src/event-store/**/*.ts',
      'src/common/**/*.ts',
    ],
    ignores: ['src/event-store/*.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*'],
              message: 'Domain and projection code stays framework-free; wire it in a module.',
            },
          ],
        },
      ],
    },
  },
  {
    // The auditor's verifier is read on its own: it may import Node's built-ins and nothing else.
    files: ['src/event-store/merkle/tlog.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:)',
              message: 'tlog.ts imports only node: modules, so an auditor can read it alone.',
            },
          ],
        },
      ],
    },
  },
  {
    // Resolvers and controllers read through the typed query objects, never the database handle.
    files: ['src/*/api/**/*.ts', 'src/node/**/*.ts', 'src/demo/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='database']",
          message: 'Read through the ReadModels query objects (readModels.tasks, .ledger, ...).',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        exports: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
