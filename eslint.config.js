// The project's lint gate: ESLint's and typescript-eslint's recommended rules, formatting left to Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** The folders of src/ that hold a stage. */
const STAGES = [
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
  // The stages' arrows (docs/internals.md): what each lower stage may import of the project.
  ...Object.entries({ codec: [], capture: [], dissect: ['codec'], encap: ['codec', 'dissect'] }).map(
    ([stage, allowed]) => ({
      files: [`src/${stage}/**`],
      ignores: ['**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: STAGES.filter((s) => s !== stage && !allowed.includes(s)).map((s) => `../${s}/*`),
                message: `src/${stage} may import ${allowed.join(' and ') || 'nothing of the project'}`,
              },
            ],
          },
        ],
      },
    }),
  ),
  prettier,
);
