// The project's lint gate: ESLint's and typescript-eslint's recommended rules, formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** The folders of src/ that hold a stage. */
const STAGES = [
  'model',
  'codec',
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
];

/** Files of config/ that any stage may import: the defaults and the user-error class import nothing. */
const EVERYONE = ['config/defaults.js', 'config/error.js'];

/** What each stage may import of the project (the stages not named here, commands and cli, may import all). */
const ARROWS = {
  model: [],
  codec: [],
  capture: [],
  dissect: ['codec'],
  encap: ['codec', 'dissect'],
  track: ['codec', 'dissect', 'model'],
  rules: ['codec', 'dissect', 'encap', 'track', 'model'],
  report: ['codec', 'model'],
  pipeline: ['capture', 'codec', 'dissect', 'track', 'rules', 'model', 'config'],
  diff: ['capture', 'codec', 'dissect', 'encap', 'track', 'pipeline', 'model'],
  config: ['capture', 'codec', 'rules', 'report', 'model'],
  jobs: ['capture', 'config', 'model'],
  shards: ['config', 'model', 'pipeline', 'report', 'rules'],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Type-aware where it pays: a promise left floating or passed where a callback is expected is a lost error.
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
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
  // The stages' arrows (docs/internals.md): which folders of src/ each stage may import. The
  // settings' defaults and the user-error class are facts every stage may read.
  ...Object.entries(ARROWS).map(([stage, allowed]) => ({
    files: [`src/${stage}/**`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...STAGES.filter((s) => s !== stage && !allowed.includes(s)).map((s) => `../${s}/*`),
                ...(allowed.includes('config') ? [] : EVERYONE.map((f) => `!../${f}`)),
              ],
              message: `src/${stage} may import ${allowed.join(', ') || 'nothing of the project'}${allowed.includes('config') ? '' : ` (and ${EVERYONE.join(', ')})`}`,
            },
          ],
        },
      ],
    },
  })),
  prettier,
);
