/**
 * The `nmflow` command line. `main(argv)` parses, runs one command, and maps every failure to
 * one line on stderr and an exit code: 0 success, 1 runtime failure, 2 usage or invalid input
 * (see `isUserError`). Stack traces only with --debug.
 */
import yargs from 'yargs';
import '../kernels/node-threads';
import '../host-node';
import { isUserError, NmflowError, usageError } from '../errors';
import { commands } from './commands';
import { InterruptedError } from './interrupt';
import { globalOptions, nmflowVersion } from './context';

/** Runs the CLI on `argv` (without `node` and the script); sets `process.exitCode`. */
export async function main(argv: string[]): Promise<number> {
  quietOnClosedStdout();
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
      if (err) throw err;
      // yargs (untyped): the options of the command being parsed when validation fails.
      const known = (
        parser as unknown as {
          getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> };
        }
      ).getOptions();
      const unknown = unknownFlags(argv, [
        ...Object.keys(known.key),
        ...Object.values(known.alias).flat(),
      ]);
      if (unknown) throw usageError(unknown);
      throw usageError(`${message} (see --help)`);
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

/**
 * "unknown argument --rnak, did you mean --rank?" for the first flag of `argv` that is not one
 * of `known` (option names and aliases), or undefined when every flag is known.
 */
export function unknownFlags(argv: string[], known: string[]): string | undefined {
  const names = new Set(known);
  const dashed = (t: string) => t.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  for (const token of argv) {
    if (token === '--') break;
    if (!token.startsWith('-') || /^-\.?\d/.test(token)) continue;
    const name = dashed(token.replace(/^--?/, '').replace(/=.*$/s, ''));
    if (name === '' || names.has(name)) continue;
    if (name.startsWith('no-') && names.has(name.slice(3))) continue;
    if (!token.startsWith('--') && name.length > 1 && [...name].every((c) => names.has(c)))
      continue;
    const best = closest(
      name,
      known.filter((k) => k.length > 1),
    );
    return (
      `unknown argument ${token.replace(/=.*$/s, '')}` +
      (best ? `, did you mean --${best}?` : ' (see --help)')
    );
  }
  return undefined;
}

/** The known name nearest to `name` (edit distance ≤ 3, or a prefix), if any. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d =
      k.startsWith(name) || name.startsWith(k)
        ? Math.min(1.5, editDistance(name, k))
        : editDistance(name, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.min(3, Math.max(1, Math.floor(name.length / 2))) ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

let watchingStdout = false;

/**
 * A reader that stops early (`nmflow … | head`) closes the pipe: writing then fails with
 * EPIPE, which means "enough", not an error. End quietly with exit code 0.
 */
function quietOnClosedStdout(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
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
