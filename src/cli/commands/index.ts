/** Every command, in the order `nmflow --help` lists them. */
import type { CommandModule } from 'yargs';
import { datasetsCommand } from './datasets';
import { factorizeCommand } from './factorize';
import { infoCommand } from './info';
import { nnlsCommand } from './nnls';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  factorizeCommand,
  nnlsCommand,
  datasetsCommand,
  infoCommand,
];
