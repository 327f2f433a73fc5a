/**
 * What every command shares: the global options, the backend start-up, and where output goes.
 * Under `--json` stdout carries exactly one JSON document and human text goes to stderr;
 * otherwise the command's result is human text on stdout. Notes and progress always go to
 * stderr, and `--quiet` silences them.
 */
import type { Argv, CommandModule } from 'yargs';
import { BACKEND_CHOICES, initBackend, type BackendInfo } from '../backend';

export interface GlobalArgs {
  backend: string;
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
}

/** Options every command accepts. */
export function globalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('backend', {
      type: 'string',
      choices: BACKEND_CHOICES as string[],
      default: process.env.NMFLOW_BACKEND ?? 'auto',
      describe: 'TensorFlow.js backend (auto picks tensorflow → wasm → cpu)',
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
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces of errors' })
    .group(['backend', 'seed', 'quiet', 'json', 'debug', 'help', 'version'], 'Common options:');
}

export interface CommandSpec<A> {
  command: string;
  describe: string;
  /** `[command line, what it does]` pairs shown by --help. */
  examples: [string, string][];
  builder: (y: Argv<GlobalArgs>) => Argv<A>;
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
      const backend = await initBackend(a.backend);
      await spec.run(a, new Context(a, backend));
    },
  };
}
