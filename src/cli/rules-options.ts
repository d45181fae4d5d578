import type { Argv, CommandModule } from 'yargs';

export interface RulesArgs {
  format: 'table' | 'json';
  all?: boolean;
}
export interface ExplainArgs {
  id: string;
}

export const rulesCommand: CommandModule<object, RulesArgs> = {
  command: 'rules',
  describe:
    'List the rules of the catalogue that dslite-check judges (--all: every catalogue entry, those not judged with the reason)',
  builder: (y: Argv) =>
    y
      .option('format', {
        alias: 'f',
        choices: ['table', 'json'] as const,
        default: 'table' as const,
        describe: 'output format',
      })
      .option('all', {
        alias: 'a',
        type: 'boolean',
        describe: 'also list the catalogue entries no rule judges, with the reason',
      }) as unknown as Argv<RulesArgs>,
  handler: () => {
    // Run by cli.ts, which loads the command's code only when it runs.
  },
};

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <id>',
  describe:
    'Print one catalogue entry in full: level, references, messages and the catalogue text (or why it is not judged)',
  builder: (y: Argv) =>
    y.positional('id', {
      type: 'string',
      demandOption: true,
      describe: 'rule ID, e.g. FRAG-002',
    }) as unknown as Argv<ExplainArgs>,
  handler: () => {
    // Run by cli.ts, which loads the command's code only when it runs.
  },
};
