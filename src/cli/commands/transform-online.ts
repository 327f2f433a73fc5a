/**
 * `nmflow transform --online`: W (`nSamples × rank`) of --input streamed in row batches with a
 * saved model's H fixed, written to --out (.npy or .csv) row block by row block, staged and
 * renamed into place.
 */
import * as path from 'path';
import { usageError } from '../../errors';
import { loadModel } from '../../nmf';
import { transformOnline } from '../../nmf/online';
import { openRowStream } from '../../io/stream-rows';
import { openRowWriter } from '../../io/stream-write';
import { formatFromName } from '../../io';
import type { Context } from '../context';
import type { ReadArgs } from '../data-args';
import { streamOptions, type OnlineArgs } from '../online-args';
import { writeFileStaged } from '../output';
import { createProgress } from '../progress';
import { table } from '../table';

export type TransformOnlineArgs = OnlineArgs &
  ReadArgs & { model: string; input: string; out?: string };

export async function runTransformOnline(args: TransformOnlineArgs, ctx: Context): Promise<void> {
  const format = args.out === undefined ? undefined : formatFromName(args.out);
  if (args.out === undefined || (format !== 'npy' && format !== 'csv' && format !== 'tsv')) {
    throw usageError('transform --online writes W to --out FILE.npy, .csv or .tsv');
  }
  const { H: Ht, manifest } = await loadModel(args.model);
  const H = Ht.dataSync() as Float32Array;
  const [k, m] = [Ht.shape[0], Ht.shape[1]];
  Ht.dispose();
  const source = await openRowStream(args.input, streamOptions(args));
  if (source.cols !== m) {
    throw usageError(
      `--input ${args.input} has ${source.cols} columns but the model ${args.model} has ${m} features`,
    );
  }
  const batchSize = args['batch-size'] ?? 1024;
  const progress = createProgress(
    'transform --online',
    Math.ceil(source.rows / batchSize),
    ctx.args.quiet || ctx.args.json,
  );
  const start = performance.now();
  let sqError = 0;
  let sqNorm = 0;
  let done = 0;
  const out = args.out;
  let files: string[];
  try {
    files = await writeFileStaged(out, async (tmp) => {
      const writer = await openRowWriter(tmp, format, source.rows, k);
      try {
        for await (const block of transformOnline(source, H, k, { batchSize })) {
          await writer.write(block.w);
          sqError += block.squaredError;
          sqNorm += block.squaredNorm;
          const seconds = (performance.now() - start) / 1000;
          progress.update(
            ++done,
            Math.sqrt(block.squaredError / (block.squaredNorm || 1)),
            seconds,
          );
        }
        await writer.close();
      } catch (err) {
        await writer.abort();
        throw err;
      }
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - start) / 1000;
  const relativeError = sqNorm > 0 ? Math.sqrt(sqError / sqNorm) : Math.sqrt(sqError);
  const summary = {
    model: args.model,
    shape: [source.rows, k],
    relativeError,
    seconds,
    out: files[0] ?? path.resolve(out),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    peakBatchBytes: source.peakBatchBytes,
    fittedOn: manifest.dataset ?? null,
  };
  ctx.result(
    summary,
    table(
      ['samples', 'rank', 'relative error', 'seconds'],
      [[source.rows, k, relativeError, seconds]],
    ) + `\n${source.rows} × ${k} matrix written to ${summary.out}`,
  );
}
