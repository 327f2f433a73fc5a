/**
 * The `nmflow` command line. `main(argv)` parses, runs one command, and maps every failure to
 * one line on stderr and an exit code: 0 success, 1 runtime failure, 2 usage or invalid input
 * (see `isUserError`). Stack traces only with --debug.
 */
import yargs from 'yargs';
import { isUserError, NmflowError, usageError } from '../errors';
import { commands } from './commands';
import { InterruptedError } from './interrupt';
import { globalOptions, nmflowVersion } from './context';

/** Runs the CLI on `argv` (without `node` and the script); sets `process.exitCode`. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let parser = globalOptions(yargs(argv))
    .scriptName('nmflow')
    .usage(
      '$0 <command> [options]\n\nNMF and NNLS on TensorFlow.js. Run `$0 <command> --help` for details.',
    )
    .version(nmflowVersion())
    .strict()
    .demandCommand(1, 'no command given; known commands: ' + commandNames().join(', '))
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .middleware(rejectNaN)
    .fail((message, err) => {
      throw err ?? usageError(`${message} (see --help)`);
    });
  for (const command of commands) parser = parser.command(command);
  let code = 0;
  try {
    const first = argv.find((a) => !a.startsWith('-'));
    if (first !== undefined && argv[0] === first && !commandNames().includes(first)) {
      throw usageError(`unknown command "${first}"; known commands: ${commandNames().join(', ')}`);
    }
    await parser.parseAsync();
  } catch (err) {
    code = err instanceof InterruptedError ? err.exitCode : isUserError(err) ? 2 : 1;
    process.stderr.write(`nmflow: error: ${oneLine(err)}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    else if (code === 1) process.stderr.write('(run with --debug for the stack trace)\n');
  }
  process.exitCode = code;
  return code;
}

function commandNames(): string[] {
  return commands.map((c) => String(c.command).split(' ')[0]);
}

function oneLine(err: unknown): string {
  let text = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && !(err instanceof NmflowError) && /memory/i.test(text)) {
    text +=
      ' (the wasm backend has at most 4 GB of memory: try a smaller problem, e.g. --limit, or --backend tensorflow)';
  }
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** yargs turns `--rank abc` into NaN; say which option was not a number. */
function rejectNaN(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    // yargs keeps both spellings (max-iter, maxIter); report the dashed one.
    if (typeof value === 'number' && Number.isNaN(value) && !key.includes('-')) {
      throw usageError(
        `option --${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a number`,
      );
    }
  }
}
