/**
 * `nmflow setup native`: builds the `tensorflow` backend (@tensorflow/tfjs-node) against a
 * TensorFlow wheel (src/native-setup does the work). Unlike the other commands it starts no
 * backend: it may be about to replace the one that would load.
 */
import type { Argv, CommandModule } from 'yargs';
import { setupNative, TENSORFLOW_VERSION, type NativeSetupReport } from '../../native-setup';
import { NmflowError } from '../../errors';
import { Context, type GlobalArgs } from '../context';
import type { BackendInfo } from '../../backend';

interface SetupArgs extends GlobalArgs {
  what: 'native';
  wheel?: string;
  libtensorflow?: string;
  gpu: boolean;
  check: boolean;
  force: boolean;
  cache?: string;
}

/** A Context for a command that runs without a backend (its `backend` is never read). */
const NO_BACKEND = undefined as unknown as BackendInfo;

export const setupCommand: CommandModule<GlobalArgs, SetupArgs> = {
  command: 'setup <what>',
  describe: 'set up the native tensorflow backend (tfjs-node built against a TensorFlow wheel)',
  builder: (y) =>
    (y as Argv<GlobalArgs>)
      .positional('what', { choices: ['native'] as const, demandOption: true })
      .option('wheel', { type: 'string', describe: 'take TensorFlow from this wheel file' })
      .option('libtensorflow', {
        type: 'string',
        describe: 'take TensorFlow from an unpacked libtensorflow C archive (its lib/, include/)',
      })
      .option('gpu', {
        type: 'boolean',
        default: false,
        describe:
          'set up @tensorflow/tfjs-node-gpu instead, by default from a CUDA-enabled tensorflow wheel',
      })
      .option('check', { type: 'boolean', default: false, describe: 'only report; change nothing' })
      .option('force', { type: 'boolean', default: false, describe: 'redo every step' })
      .option('cache', {
        type: 'string',
        describe: 'folder for wheels and build logs (default $NMFLOW_CACHE or ~/.cache/nmflow)',
      })
      .example(
        '$0 setup native',
        `the active Python's tensorflow, a cached wheel, else pip download tensorflow-cpu==${TENSORFLOW_VERSION}`,
      )
      .example(
        '$0 setup native --wheel tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
        'from a wheel file',
      )
      .example(
        '$0 setup native --gpu',
        `tfjs-node-gpu from the active Python's tensorflow, a cached wheel, else pip download tensorflow==${TENSORFLOW_VERSION}`,
      )
      .example(
        '$0 setup native --check --json',
        'report whether the tensorflow backend works',
      ) as Argv<SetupArgs>,
  handler: async (args) => {
    const ctx = new Context(args, NO_BACKEND);
    const report = setupNative({
      wheel: args.wheel,
      libtensorflow: args.libtensorflow,
      gpu: args.gpu,
      check: args.check,
      force: args.force,
      cacheDir: args.cache,
      onProgress: (line) => ctx.note(line),
    });
    ctx.result(report, human(report));
    if (args.check && !report.ok) {
      throw new NmflowError(
        'runtime',
        `the tensorflow backend is not set up: ${report.problem}; run \`nmflow setup native${args.gpu ? ' --gpu' : ''}\``,
      );
    }
  },
};

function human(r: NativeSetupReport): string {
  if (!r.ok) return `tensorflow backend: not working (${r.problem})`;
  const lines = [
    `tensorflow backend: ready (${r.package} ${r.tfjsNode?.version}, TensorFlow ${r.tensorflow}` +
      `${r.gpu === null ? '' : r.gpu ? ', on a GPU device' : ', on the CPU'})`,
    ...(r.source ? [`libraries from ${r.source}`] : []),
  ];
  return lines.join('\n');
}
