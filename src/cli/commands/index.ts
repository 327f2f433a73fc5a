/** Every command, in the order `nmflow --help` lists them. */
import { infoCommand } from './info';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: import('yargs').CommandModule<any, any>[] = [infoCommand];
