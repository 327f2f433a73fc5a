/**
 * What every command shares: the global options, the backend start-up, and where output goes.
 * Under `--json` stdout carries exactly one JSON document and human text goes to stderr;
 * otherwise the command's result is human text on stdout. Notes and progress always go to
 * stderr, and `--quiet` silences them.
 */
import type { Argv, CommandModule } from 'yargs';
import { BACKEND_CHOICES, initBackend, type BackendInfo } from '../backend';
import { quoteField } from './named-output';
import { checkMatrixOut } from './output';

/** nmflow's version, from package.json (dist/src/cli → the package root). */
export function nmflowVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}

/** The command line as the user typed it (for report subtitles). */
export function commandLine(): string {
  return ['nmflow', ...process.argv.slice(2)].join(' ');
}

/** `o` without its undefined fields, so that the library's defaults apply to unset flags. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface GlobalArgs {
  backend?: string;
  seed: number;
  quiet: boolean;
  json: boolean;
  debug: boolean;
}

export class Context {
  constructor(
    readonly args: GlobalArgs,
    readonly backend: BackendInfo,
  ) {}

  /** A human note on stderr (silenced by --quiet). */
  note(text: string): void {
    if (!this.args.quiet) process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** The command's result: `json` on stdout under --json (human text then goes to stderr). */
  result(json: object, human: string): void {
    const text = human.endsWith('\n') ? human : human + '\n';
    if (this.args.json) {
      process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      this.note(text);
    } else {
      process.stdout.write(text);
    }
  }

  /**
   * The result of a command that computes a matrix X (`n × r`, row-major). With --json: the
   * summary, plus X's rows under `key` when it was not written to a file (and its `rowNames`,
   * `columnNames` when given). Otherwise `human` is a note and X goes to stdout as CSV when it
   * was not written to a file (with a header and a first column of names when given).
   */
  matrixResult(
    summary: object,
    human: string,
    X: { data: Float32Array | Float64Array; shape: [number, number] },
    where: {
      key: string;
      writtenTo?: string;
      rowNames?: readonly string[];
      columnNames?: readonly string[];
    },
  ): void {
    const { key, writtenTo, rowNames, columnNames } = where;
    const [n, r] = X.shape;
    const rows = Array.from({ length: n }, (_, i) =>
      Array.from(X.data.subarray(i * r, (i + 1) * r)),
    );
    if (this.args.json) {
      const names = {
        ...(rowNames ? { rowNames } : {}),
        ...(columnNames ? { columnNames } : {}),
      };
      this.result(writtenTo ? summary : { ...summary, ...names, [key]: rows }, human);
    } else if (writtenTo) {
      this.note(`${human}\n${n} × ${r} matrix written to ${writtenTo}`);
    } else {
      this.note(human);
      const q = (t: string) => quoteField(t, ',');
      const header =
        rowNames || columnNames
          ? [
              [...(rowNames ? ['name'] : []), ...(columnNames ?? rows[0].map((_, j) => `c${j}`))]
                .map(q)
                .join(','),
            ]
          : [];
      const lines = rows.map((row, i) => (rowNames ? [q(rowNames[i]), ...row] : row).join(','));
      this.result(summary, [...header, ...lines].join('\n'));
    }
  }
}

/** Options every command accepts. */
export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('backend', {
      type: 'string',
      choices: BACKEND_CHOICES as string[],
      describe:
        'TensorFlow.js backend (default: $NMFLOW_BACKEND, else auto: tensorflow → wasm → cpu)',
    })
    .option('seed', { type: 'number', default: 0, describe: 'seed for every random choice' })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'no notes or progress',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'print one JSON document on stdout (human text goes to stderr)',
    })
    .option('debug', {
      type: 'boolean',
      default: false,
      describe: "print stack traces of errors, and TensorFlow's own log lines",
    })
    .group(['backend', 'seed', 'quiet', 'json', 'debug', 'help', 'version'], 'Common options:');
}

export interface CommandSpec<A> {
  command: string;
  describe: string;
  /** `[command line, what it does]` pairs shown by --help. */
  examples: [string, string][];
  builder: (y: Argv<GlobalArgs>) => Argv<A>;
  /** A matrix file option checked (extension, not a folder) before the backend starts. */
  outFile?: { flag: string; formats: readonly string[] };
  run: (args: A & GlobalArgs, ctx: Context) => Promise<void>;
}

/** A yargs command whose handler starts the chosen backend and then runs `spec.run`. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandModule<GlobalArgs, A> {
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y) => {
      const built = spec.builder(y);
      for (const [cmd, what] of spec.examples) built.example(cmd, what);
      return built;
    },
    handler: async (args) => {
      const a = args as unknown as A & GlobalArgs;
      const out = spec.outFile && (a as Record<string, unknown>)[spec.outFile.flag];
      if (typeof out === 'string') checkMatrixOut(out, spec.outFile!.flag, spec.outFile!.formats);
      const backend = await initBackend(a.backend, { verbose: a.debug });
      await spec.run(a, new Context(a, backend));
    },
  };
}
