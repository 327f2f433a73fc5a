/**
 * `nmflow experiment NAME [--scale smoke|full] [--seed S] [--out DIR]` and
 * `nmflow experiment list`: the reproducible experiments of src/experiments. A run's files
 * (config.json, results.json, timings.json, figures, summary.md) are staged and appear in
 * DIR only when the whole run succeeded; SIGINT/SIGTERM drop them and exit 130/143. A DIR that
 * is not empty is refused unless --force, which replaces the files the previous run listed in
 * its manifest.json (other files stay).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv } from 'yargs';
import {
  claimVerdict,
  EXPERIMENT_MANIFEST,
  experimentNames,
  getExperiment,
  listExperiments,
  runExperiment,
  type Scale,
} from '../../experiments';
import { checkRedisUrl, experimentTasksOnRedis } from '../../distributed';
import { usageError } from '../../errors';
import { defineCommand, type GlobalArgs } from '../context';
import { SIGNAL_EXIT_CODES, watchInterrupts } from '../interrupt';
import { checkOutDir, replaceStaged } from '../output';
import { table } from '../table';

type ExperimentArgs = {
  name?: string;
  scale: Scale;
  out?: string;
  force: boolean;
  redis?: string;
};

export const experimentCommand = defineCommand<ExperimentArgs>({
  command: 'experiment [name]',
  describe: 'run one of the paper experiments (NAME, or "list" to list them)',
  examples: [
    ['$0 experiment list', 'the experiments, their default seeds and what they show'],
    ['$0 experiment implicit-bias', 'smoke scale (seconds), into out/experiments/implicit-bias'],
    [
      '$0 experiment implicit-bias --scale full --seed 11 --out docs/experiments/implicit-bias --force',
      'the README figure',
    ],
    ['$0 experiment step-decay --json', 'the claims and the files written, as JSON'],
    [
      '$0 experiment nmf-bias --redis redis://queue-host:6379',
      'the fits (seeds × methods) as jobs for `nmflow worker`s; same results',
    ],
  ],
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('name', {
        type: 'string',
        describe: 'experiment name, or "list"',
      })
      .option('scale', {
        choices: ['smoke', 'full'],
        default: 'smoke',
        describe: 'smoke: seconds, small problems; full: the settings of the README figures',
      })
      .option('seed', {
        type: 'number',
        default: undefined,
        describe: "base seed (default: the experiment's own, see `experiment list`)",
      })
      .option('out', {
        type: 'string',
        describe: 'output folder (default out/experiments/NAME)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'the output folder may hold a previous run: its files are replaced as a whole',
      })
      .option('redis', {
        type: 'string',
        describe:
          "run the experiment's independent fits on `nmflow worker`s of this Redis server (redis://HOST:PORT)",
      }) as unknown as Argv<GlobalArgs & ExperimentArgs>,
  run: async (args, ctx) => {
    if (args.name === 'list') {
      const list = listExperiments();
      ctx.result(
        list,
        table(
          ['name', 'seed', 'description'],
          list.map((e) => [e.name, e.seed, shorten(e.description, 100)]),
        ),
      );
      return;
    }
    if (args.name === undefined) {
      throw usageError(
        `experiment needs a NAME (or "list"); known experiments: ${experimentNames().join(', ')}`,
      );
    }
    getExperiment(args.name); // unknown names fail here, with the known ones, before any I/O
    const remoteTasks =
      args.redis === undefined
        ? undefined
        : experimentTasksOnRedis({ url: checkRedisUrl(args.redis) }, ctx.backend.name);
    const outDir = args.out ?? `out/experiments/${args.name}`;
    checkOutDir(outDir, args.force);
    ctx.note(`experiment ${args.name} (${args.scale}) on ${ctx.backend.name} → ${outDir}`);
    const started = performance.now();
    const interrupts = watchInterrupts();
    const previous = previousRunFiles(outDir);
    const { value: run, files } = await replaceStaged(
      outDir,
      (stage) => {
        // Experiments cannot be resumed: a signal drops the staged files and ends the process.
        interrupts.signal.addEventListener('abort', () => {
          const signal = interrupts.received ?? 'SIGINT';
          stage.discard();
          process.stderr.write(
            `nmflow: error: experiment ${args.name} stopped by ${signal}; nothing written to ${outDir}\n`,
          );
          process.exit(SIGNAL_EXIT_CODES[signal]);
        });
        return runExperiment(args.name!, {
          scale: args.scale,
          seed: args.seed as number | undefined, // undefined: the experiment's own
          outDir: stage.staging,
          remoteTasks,
          onProgress: (message, fraction) =>
            ctx.note(
              `  ${fraction === undefined ? '' : `${Math.round(fraction * 100)}% `}${message}`,
            ),
        });
      },
      (name) => previous.has(name),
    ).finally(() => interrupts.dispose());
    const seconds = (performance.now() - started) / 1000;
    const human = [
      table(
        ['verdict', 'claim', 'evidence'],
        run.claims.map((c) => [claimVerdict(c), c.claim, c.evidence]),
      ),
      '',
      `${files.length} files written to ${outDir} in ${seconds.toFixed(1)} s; read summary.md first`,
    ].join('\n');
    ctx.result(
      {
        name: run.name,
        scale: run.scale,
        seed: run.seed,
        backend: ctx.backend.name,
        seconds,
        outDir: path.resolve(outDir),
        files: run.files,
        claims: run.claims,
      },
      human,
    );
  },
});

/**
 * The files a previous run wrote into `dir` (its manifest's list and the manifest itself);
 * empty when `dir` holds no experiment manifest.
 */
function previousRunFiles(dir: string): Set<string> {
  const file = path.join(dir, EXPERIMENT_MANIFEST);
  if (!fs.existsSync(file)) return new Set();
  try {
    const { files } = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown };
    const names = Array.isArray(files) ? files.filter((f) => typeof f === 'string') : [];
    return new Set([...names, EXPERIMENT_MANIFEST]);
  } catch {
    return new Set();
  }
}

/** `text` cut at a word boundary to at most `max` characters (the JSON keeps it whole). */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:(]+$/, '') + '…';
}
