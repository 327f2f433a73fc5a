/**
 * `nmflow factorize --online`: online NMF of --input streamed in row batches (nmf/online.ts).
 * --out gets the model, H, and W written row block by row block during the final pass (all
 * staged, then renamed into place); progress on stderr.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';
import { usageError } from '../../errors';
import { saveModel } from '../../nmf';
import { factorizeOnline, type OnlineNmfResult } from '../../nmf/online';
import { resolveNmfOptions, serializableOptions } from '../../nmf/options';
import { openRowStream } from '../../io/stream-rows';
import { openRowWriter, type RowWriter } from '../../io/stream-write';
import type { Context } from '../context';
import { streamOptions, type OnlineArgs } from '../online-args';
import type { ReadArgs } from '../data-args';
import { replaceStaged } from '../output';
import { createProgress } from '../progress';
import { table } from '../table';

export type FactorizeOnlineArgs = OnlineArgs &
  ReadArgs & {
    input?: string;
    dataset?: string;
    rank?: number;
    init?: string;
    format: string;
    out?: string;
    seed: number;
  };

export async function runFactorizeOnline(args: FactorizeOnlineArgs, ctx: Context): Promise<void> {
  if (args.input === undefined) {
    throw usageError('--online reads --input FILE (a registered --dataset fits in memory)');
  }
  if (args.rank === undefined) throw usageError('option --rank is required');
  if (!['npy', 'csv'].includes(args.format)) {
    throw usageError(`--online writes W and H as npy or csv (--format), got ${args.format}`);
  }
  if (args.init !== undefined && args.init !== 'nndsvda' && args.init !== 'random') {
    throw usageError(`--online initializes with nndsvda or random, got --init ${args.init}`);
  }
  const source = await openRowStream(args.input, streamOptions(args));
  if (args.rank > source.cols) {
    throw usageError(`--rank ${args.rank} exceeds the ${source.cols} columns of ${args.input}`);
  }
  const options = {
    rank: args.rank,
    seed: args.seed,
    ...(args['batch-size'] !== undefined ? { batchSize: args['batch-size'] } : {}),
    ...(args.passes !== undefined ? { passes: args.passes } : {}),
    ...(args['forget-factor'] !== undefined ? { forgetFactor: args['forget-factor'] } : {}),
    ...(args.init !== undefined ? { init: args.init as 'nndsvda' | 'random' } : {}),
  };
  const batchSize = options.batchSize ?? 1024;
  const perPass = Math.ceil(source.rows / batchSize);
  const total = perPass * ((options.passes ?? 3) + 1);
  const progress = createProgress('factorize --online', total, ctx.args.quiet || ctx.args.json);
  let done = 0;
  const start = performance.now();
  const fit = (onW?: (w: Float32Array) => Promise<void>) =>
    factorizeOnline(
      source,
      {
        ...options,
        onBatch: (i) => progress.update(++done, i.batchRelativeError, i.seconds),
        onWarning: (w) => ctx.note(`factorize: warning: ${w}`),
      },
      onW &&
        (async (block) => {
          await onW(block.w);
          progress.update(
            ++done,
            Math.sqrt(block.squaredError / (block.squaredNorm || 1)),
            (performance.now() - start) / 1000,
          );
        }),
    );
  let result: OnlineNmfResult;
  let files: string[] = [];
  try {
    if (args.out === undefined) {
      result = await fit();
    } else {
      const out = args.out;
      ({ value: result, files } = await replaceStaged(out, async (stage) => {
        let writer: RowWriter | undefined;
        try {
          writer = await openRowWriter(
            stage.path(`W.${args.format}`),
            args.format,
            source.rows,
            args.rank!,
          );
          const r = await fit((w) => writer!.write(w));
          await writer.close();
          writer = undefined;
          await writeModel(stage.staging, r, args, source.name);
          return r;
        } finally {
          await writer?.abort();
        }
      }));
    }
  } finally {
    progress.stop();
  }
  const memory = process.resourceUsage().maxRSS * 1024;
  const summary = {
    input: args.input,
    shape: [source.rows, source.cols],
    rank: args.rank,
    solver: 'online',
    batchSize: result.options.batchSize,
    passes: result.passes,
    forgetFactor: result.options.forgetFactor,
    batches: result.batches,
    relativeError: result.relativeError,
    reconstructionError: result.reconstructionError,
    seconds: result.seconds,
    maxRssBytes: memory,
    peakBatchBytes: source.peakBatchBytes,
    workBytes: result.workBytes,
    backend: ctx.backend.name,
    warnings: result.warnings,
    outDir: args.out === undefined ? null : path.resolve(args.out),
    files,
  };
  const human = [
    table(
      ['rank', 'solver', 'batch size', 'passes', 'relative error', 'seconds', 'peak RSS MB'],
      [
        [
          summary.rank,
          'online',
          summary.batchSize,
          summary.passes,
          summary.relativeError,
          summary.seconds,
          Math.round(memory / 2 ** 20),
        ],
      ],
    ),
    ...(summary.outDir
      ? ['', `written to ${summary.outDir}: ${files.map((f) => path.basename(f)).join(', ')}`]
      : []),
  ].join('\n');
  ctx.result(summary, human);
}

/** The model (H and its manifest) and H as a matrix file, into `dir`. */
async function writeModel(
  dir: string,
  r: OnlineNmfResult,
  args: FactorizeOnlineArgs,
  input: string,
): Promise<void> {
  const [k, m] = r.shape;
  const H = tf.tensor2d(r.H, [k, m]);
  try {
    const resolved = resolveNmfOptions({ rank: k, seed: args.seed, maxIter: r.passes });
    await saveModel(dir, H, {
      dataset: path.basename(input),
      notes: {
        online: {
          input,
          batchSize: r.options.batchSize,
          passes: r.passes,
          forgetFactor: r.options.forgetFactor,
          nSamples: r.nSamples,
        },
      },
      options: serializableOptions(resolved),
      metrics: {
        reconstructionError: r.reconstructionError,
        relativeError: r.relativeError,
        nIter: r.passes,
        converged: false,
        seconds: r.seconds,
      },
    });
  } finally {
    H.dispose();
  }
  const writer = await openRowWriter(path.join(dir, `H.${args.format}`), args.format, k, m);
  try {
    await writer.write(r.H);
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
