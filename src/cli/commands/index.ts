/** Every command, in the order `nmflow --help` lists them. */
import { datasetsCommand } from './datasets';
import { infoCommand } from './info';
import { nnlsCommand } from './nnls';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: import('yargs').CommandModule<any, any>[] = [
  infoCommand,
  datasetsCommand,
  nnlsCommand,
];
