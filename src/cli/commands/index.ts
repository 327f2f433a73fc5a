/** Every command, in the order `nmflow --help` lists them. */
import type { CommandModule } from 'yargs';
import { compareCommand } from './compare';
import { datasetsCommand } from './datasets';
import { experimentCommand } from './experiment';
import { factorizeCommand } from './factorize';
import { infoCommand } from './info';
import { nnlsCommand } from './nnls';
import { rankCommand } from './rank';
import { setupCommand } from './setup';
import { transformCommand } from './transform';
import { verifyCommand } from './verify';
import { workerCommand } from './worker';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  factorizeCommand,
  transformCommand,
  compareCommand,
  rankCommand,
  nnlsCommand,
  verifyCommand,
  datasetsCommand,
  experimentCommand,
  infoCommand,
  setupCommand,
  workerCommand,
];
