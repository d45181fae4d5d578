// The project's lint gate: ESLint's and typescript-eslint's recommended rules, formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // Unused bindings are mistakes, except the ones named to say "deliberately unused".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // The stages' arrows (docs: README "How it is built"): the bottom layers import nothing above them.
  ...Object.entries({
    'src/codec/**': [
      'capture',
      'dissect',
      'track',
      'rules',
      'report',
      'encap',
      'diff',
      'pipeline',
      'config',
      'commands',
      'cli',
      'jobs',
    ],
    'src/capture/**': [
      'dissect',
      'track',
      'rules',
      'report',
      'encap',
      'diff',
      'pipeline',
      'config',
      'commands',
      'cli',
      'jobs',
    ],
    'src/dissect/**': [
      'capture',
      'track',
      'rules',
      'report',
      'encap',
      'diff',
      'pipeline',
      'config',
      'commands',
      'cli',
      'jobs',
    ],
    'src/encap/**': ['capture', 'track', 'rules', 'report', 'diff', 'pipeline', 'config', 'commands', 'cli', 'jobs'],
  }).map(([files, above]) => ({
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: above.map((d) => `../${d}/*`), message: 'a lower stage imports nothing above it' }] },
      ],
    },
  })),
  prettier,
);
