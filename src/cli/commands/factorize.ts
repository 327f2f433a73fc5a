/** `nmflow factorize`: X ≈ W H, with the model, W, H, pictures or topics and a report. */
import * as tf from '@tensorflow/tfjs-core';
import * as fs from 'fs';
import * as path from 'path';
import {
  factorize,
  hoyerSparseness,
  NMF_SOLVERS,
  saveModel,
  type NmfOptions,
  type NmfResult,
} from '../../nmf';
import { usageError } from '../../errors';
import { resolveNmfOptions } from '../../nmf/options';
import { solverDescriptor } from '../../nmf/solvers';
import {
  componentSummaries,
  factorizationPage,
  topicsText,
  topWords,
  withTopDocuments,
  type ComponentSummary,
  type Topic,
} from '../../report';
import { commandLine, defineCommand, type Context } from '../context';
import { type NmfInputData } from '../inputs';
import {
  checkMissingSupport,
  checkRank,
  dataOptions,
  factorsOf,
  fitOptions,
  loadDataWithin,
  memoryLimitOf,
  memoryOptions,
  nmfOptions,
  withMemoryFlag,
} from '../nmf-args';
import { checkOutDir, replaceStaged } from '../output';
import { componentNames, namesJson, writeNamedMatrix } from '../named-output';
import { InterruptedError, watchInterrupts } from '../interrupt';
import { checkpointToDirectory, readNmfCheckpoint } from '../../nmf/checkpointing';
import { createProgress } from '../progress';
import { componentsPicture, curveOf, type Factor } from '../render';
import { table } from '../table';
import { checkOnlineFlags, onlineOptions } from '../online-args';
import { runFactorizeOnline } from './factorize-online';
import { factorizeOnRedis, type ShardedArgs } from './factorize-sharded';

const FORMATS = ['npy', 'csv', 'mtx'];

/** Flags of the in-memory fit that --online refuses. */
const ONLINE_EXCLUDES = [
  'dataset',
  'resume',
  'checkpoint',
  'solver',
  'nnls-solver',
  'loss',
  'max-iter',
  'tol',
  'alpha-w',
  'alpha-h',
  'l1-ratio',
  'time-limit',
  'nan-as-missing',
  'limit',
  'image-shape',
  'dataset-option',
  'extrapolate',
  'one-per-line',
  'max-features',
];

export const factorizeCommand = defineCommand({
  command: 'factorize',
  describe: 'factorize X ≈ W H (rows of X are samples; the rows of H are the components)',
  examples: [
    ['$0 factorize --dataset mnist --rank 16 --out out/mnist', 'basis images of MNIST digits'],
    ['$0 factorize --dataset sotu --rank 10 --out out/sotu', 'topics of the State of the Union'],
    ['$0 factorize --input X.csv --rank 5 --solver hals --format csv --out out/x', 'your own data'],
    ['$0 factorize --input photos/ --image-shape 32x32 --rank 8 --out out/p', 'a folder of images'],
    ['$0 factorize --input notes/ --rank 5 --max-features 2000 --out out/n', 'a folder of texts'],
    ['$0 factorize --dataset swimmer --rank 16 --loss kl --solver mu --json', 'KL loss, JSON'],
    ['$0 factorize --input big.mtx --online --batch-size 2000 --rank 20 --out out/big', 'streamed'],
  ],
  builder: (y) =>
    onlineOptions(memoryOptions(fitOptions(dataOptions(y), 'the checkpoint with --resume')), true)
      .option('solver', {
        type: 'string',
        choices: NMF_SOLVERS as unknown as string[],
        describe: 'update rule (default anls for the Frobenius loss, else mu)',
      })
      .option('nnls-solver', {
        type: 'string',
        describe: 'anls: the NNLS solver of each half-step',
      })
      .option('format', { choices: FORMATS, default: 'npy', describe: 'file format of W and H' })
      .option('top', {
        type: 'number',
        default: 10,
        describe: 'words per topic; features and rows per component in the report',
      })
      .option('out', { type: 'string', describe: 'folder for the model, W, H, pictures, report' })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: '--out may be a non-empty folder: its nmflow outputs are replaced as a whole',
      })
      .option('checkpoint', {
        type: 'string',
        describe: 'folder for checkpoints, written atomically; also on SIGINT/SIGTERM',
      })
      .option('checkpoint-every', {
        type: 'number',
        default: 10,
        describe: 'with --checkpoint: iterations between checkpoints',
      })
      .option('resume', { type: 'string', describe: 'continue the fit saved in this folder' })
      .option('redis', {
        type: 'string',
        describe: 'one fit across `nmflow worker`s of this Redis server, X in row shards',
      })
      .option('shards', { type: 'number', describe: 'with --redis: row shards of --input' })
      .group(['online', 'batch-size', 'passes', 'forget-factor'], 'Data larger than memory:'),
  run: async (args, ctx) => {
    checkOnlineFlags(args, ONLINE_EXCLUDES);
    if (args.online && args.redis !== undefined) {
      throw usageError('options --online and --redis do not go together: choose one');
    }
    if (args.online) {
      if (args.out !== undefined) checkOutDir(args.out, args.force);
      return runFactorizeOnline(args, ctx);
    }
    if (args.redis !== undefined) return factorizeOnRedis(args as unknown as ShardedArgs, ctx);
    if (args.shards !== undefined) throw usageError('option --shards needs --redis URL');
    if (args.out !== undefined) checkOutDir(args.out, args.force);
    if (args['nan-as-missing']) checkMissingSupport(args.solver);
    const resumeFrom = args.resume === undefined ? undefined : readNmfCheckpoint(args.resume);
    // --rank may be left out with --resume: the checkpoint's W is nSamples × rank.
    const rank = (args.rank as number | undefined) ?? resumeFrom?.W.shape[1];
    if (rank === undefined) {
      throw usageError('option --rank is required (with --resume it defaults to the checkpoint’s)');
    }
    const data = await loadDataWithin(args, (t) => ctx.note(t));
    checkRank(rank, data.X.shape);
    const memoryLimit = memoryLimitOf(args);
    const options: NmfOptions = {
      ...nmfOptions({ ...args, rank }),
      ...(memoryLimit === undefined ? {} : { memoryLimit }),
      ...(args.solver === undefined ? {} : { solver: args.solver as NmfOptions['solver'] }),
      ...(args['nnls-solver'] === undefined ? {} : { nnlsSolver: args['nnls-solver'] }),
      ...(data.missing ? { nanAsMissing: true } : {}),
    };
    const interrupts = watchInterrupts();
    const checkpointing = {
      signal: interrupts.signal,
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      ...(args.checkpoint === undefined
        ? {}
        : {
            checkpointEvery: args['checkpoint-every'],
            onCheckpoint: checkpointToDirectory(args.checkpoint),
          }),
    };
    const result = await withMemoryFlag(() =>
      fitWithProgress(data.X, { ...options, ...checkpointing }, ctx),
    ).finally(() => interrupts.dispose());
    try {
      const { W, H } = await factorsOf(result);
      const words = data.vocabulary && topWords(H, data.vocabulary, args.top);
      const topics = words && data.rowNames ? withTopDocuments(words, W, data.rowNames, 5) : words;
      const components = componentSummaries(W, H, data, args.top);
      const metrics = {
        rank: result.options.rank,
        solver: result.options.solver,
        ...(solverDescriptor(result.options.solver).capabilities.nnlsEngines !== 'none'
          ? { nnlsSolver: result.options.nnlsSolver }
          : {}),
        loss: result.options.loss,
        iterations: result.nIter,
        converged: result.converged,
        relativeError: result.relativeError,
        reconstructionError: result.reconstructionError,
        sparsenessW: hoyerSparseness(W, 'columns'),
        sparsenessH: hoyerSparseness(H, 'rows'),
        seconds: result.seconds,
      };
      const summary = {
        dataset: data.name,
        shape: data.X.shape,
        ...metrics,
        backend: ctx.backend.name,
        warnings: result.warnings,
        outDir: args.out === undefined ? null : path.resolve(args.out),
        files: [] as string[],
      };
      if (args.out !== undefined) {
        const outputs = { data, result, W, H, topics, components, metrics, format: args.format };
        ({ files: summary.files } = await replaceStaged(args.out, (stage) =>
          writeOutputs(stage.staging, outputs),
        ));
      }
      const human = [
        table(
          ['rank', 'solver', 'iterations', 'converged', 'relative error', 'seconds', 'backend'],
          [
            [
              summary.rank,
              summary.solver,
              summary.iterations,
              summary.converged,
              summary.relativeError,
              summary.seconds,
              summary.backend,
            ],
          ],
        ),
        ...(topics ? ['', topicsText(topics).trimEnd()] : []),
        ...(summary.outDir
          ? [
              '',
              `written to ${summary.outDir}: ${summary.files.map((f) => path.basename(f)).join(', ')}`,
            ]
          : []),
      ].join('\n');
      ctx.result(summary, human);
      if (interrupts.received) {
        const saved = [
          'the partial model (not converged)' + (summary.outDir ? ` to ${summary.outDir}` : ''),
          ...(args.checkpoint ? [`a checkpoint to ${args.checkpoint}`] : []),
        ].join(' and ');
        throw new InterruptedError(
          interrupts.received,
          `interrupted by ${interrupts.received} at iteration ${result.nIter}: wrote ${saved}` +
            (args.checkpoint ? `; continue with --resume ${args.checkpoint}` : ''),
        );
      }
    } finally {
      tf.dispose([result.W, result.H]);
    }
  },
});

/** Runs `factorize` with a progress bar and warnings as notes. */
export async function fitWithProgress(
  X: NmfInputData['X'],
  options: NmfOptions,
  ctx: Context,
  label = 'factorize',
): Promise<NmfResult> {
  const { maxIter } = resolveNmfOptions(options);
  const progress = createProgress(label, maxIter, ctx.args.quiet || ctx.args.json);
  try {
    return await factorize(X, {
      ...options,
      onIteration: (i) => progress.update(i.iteration, i.loss, i.seconds),
      onWarning: (w) => ctx.note(`${label}: warning: ${w}`),
    });
  } finally {
    progress.stop();
  }
}

/** The model, W, H, the picture or topics, and report.html, all into `dir`. */
async function writeOutputs(
  dir: string,
  o: {
    data: NmfInputData;
    result: NmfResult;
    W: Factor;
    H: Factor;
    topics?: Topic[];
    components: ComponentSummary[];
    metrics: Record<string, string | number | boolean>;
    format: string;
  },
): Promise<void> {
  const { data, result } = o;
  const k = o.H.shape[0];
  await saveModel(dir, result.H, {
    dataset: data.name,
    ...(data.columnNames ? { notes: { featureNames: data.columnNames } } : {}),
    options: result.options,
    metrics: {
      reconstructionError: result.reconstructionError,
      relativeError: result.relativeError,
      nIter: result.nIter,
      converged: result.converged,
      seconds: result.seconds,
    },
  });
  const files = { W: `W.${o.format}`, H: `H.${o.format}` };
  await writeNamedMatrix(
    path.join(dir, files.W),
    o.W,
    data.rowNames ? { rowNames: data.rowNames, columnNames: componentNames(k) } : {},
  );
  await writeNamedMatrix(
    path.join(dir, files.H),
    o.H,
    data.columnNames ? { columnNames: data.columnNames } : {},
  );
  if (data.rowNames || data.columnNames) {
    fs.writeFileSync(path.join(dir, 'names.json'), namesJson(k, data, files));
  }
  const picture = data.imageShape && componentsPicture(o.H, data.imageShape);
  if (picture) fs.writeFileSync(path.join(dir, 'components.png'), picture);
  if (o.topics) {
    fs.writeFileSync(path.join(dir, 'topics.txt'), topicsText(o.topics));
    fs.writeFileSync(path.join(dir, 'topics.json'), JSON.stringify(o.topics, null, 2) + '\n');
  }
  const page = factorizationPage({
    title: `nmflow factorize: ${data.name}, rank ${result.options.rank}`,
    command: commandLine(),
    settings: {
      data: data.name,
      shape: data.X.shape.join(' × '),
      ...Object.fromEntries(
        Object.entries(result.options).map(([k, v]) => [
          k,
          typeof v === 'object' ? JSON.stringify(v) : v,
        ]),
      ),
    },
    metrics: { ...o.metrics, warnings: result.warnings.join(' ') || 'none' },
    curve: curveOf(result.options.solver, result.history),
    componentsPng: picture,
    topics: o.topics,
    components: o.components,
    heatmap: { H: o.H, ...(data.columnNames ? { columnNames: data.columnNames } : {}) },
  });
  fs.writeFileSync(path.join(dir, 'report.html'), page);
}
