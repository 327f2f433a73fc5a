/**
 * `nmflow factorize --input FILE --rank K --redis URL --shards S` (or `--input A,B,C`, one file
 * per shard): one fit across `nmflow worker`s, X split into row shards (src/distributed/
 * sharded.ts). The workers read the shard files themselves: a shared folder, or the same path
 * on every machine. `--checkpoint DIR` saves H every `--checkpoint-every` iterations; after
 * the coordinator was killed, the same command with `--resume DIR` goes on from there.
 * `--out DIR` gets W and H (in `--format`) and fit.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkRedisUrl, factorizeSharded, rowShards, type ShardSpec } from '../../distributed';
import { usageError } from '../../errors';
import { readMatrixFile, writeMatrixFile } from '../../io';
import type { Context } from '../context';
import { checkOutDir, writeStaged } from '../output';
import { createProgress } from '../progress';

export interface ShardedArgs {
  input?: string;
  dataset?: string;
  rank?: number;
  redis: string;
  shards?: number;
  seed: number;
  'max-iter'?: number;
  tol?: number;
  'nnls-solver'?: string;
  checkpoint?: string;
  'checkpoint-every': number;
  resume?: string;
  out?: string;
  force: boolean;
  format: string;
}

export async function factorizeOnRedis(args: ShardedArgs, ctx: Context): Promise<void> {
  const url = checkRedisUrl(args.redis);
  if (args.input === undefined || args.dataset !== undefined) {
    throw usageError(
      'option --redis in factorize needs --input FILE (split by --shards) or --input A,B,… (one file per shard), files every worker can read',
    );
  }
  if (args.rank === undefined) throw usageError('option --rank is required with --redis');
  if (args.out !== undefined) checkOutDir(args.out, args.force);
  const files = args.input.split(',').map((f) => path.resolve(f.trim()));
  let shards: ShardSpec[];
  if (files.length > 1) {
    if (args.shards !== undefined && args.shards !== files.length) {
      throw usageError(
        `option --shards (${args.shards}) must match the ${files.length} files of --input, or be left out`,
      );
    }
    shards = files.map((file) => ({ file }));
  } else {
    // One file: the coordinator reads it once for its row count; the workers read their rows.
    const rows = (await readMatrixFile(files[0])).shape[0];
    shards = rowShards(files[0], rows, args.shards ?? 1);
  }
  if (
    args.resume !== undefined &&
    args.checkpoint !== undefined &&
    args.resume !== args.checkpoint
  ) {
    throw usageError('options --resume and --checkpoint must name the same folder with --redis');
  }
  const checkpoint = args.resume ?? args.checkpoint;
  const maxIter = args['max-iter'] ?? 200;
  const progress = createProgress('factorize (sharded)', maxIter, ctx.args.quiet || ctx.args.json);
  const r = await factorizeSharded({ url }, shards, {
    rank: args.rank,
    seed: args.seed,
    maxIter,
    ...(args.tol === undefined ? {} : { tol: args.tol }),
    ...(args['nnls-solver'] === undefined ? {} : { nnlsSolver: args['nnls-solver'] }),
    backend: ctx.backend.name,
    ...(checkpoint === undefined
      ? {}
      : {
          checkpoint,
          checkpointEvery: args['checkpoint-every'],
          resume: args.resume !== undefined,
        }),
    onIteration: (i) => progress.update(i.iteration, i.relativeError, i.seconds),
  }).finally(() => progress.stop());
  const [n, m] = r.shape;
  const summary = {
    shape: r.shape,
    rank: args.rank,
    shards: shards.map((s, i) => ({ ...s, rowCount: r.shardRows[i] })),
    relativeError: r.relativeError,
    iterations: r.nIter,
    converged: r.converged,
    seconds: r.seconds,
    history: r.history,
    outDir: args.out === undefined ? null : path.resolve(args.out),
    files: [] as string[],
  };
  if (args.out !== undefined) {
    ({ files: summary.files } = await writeStaged(args.out, async (stage) => {
      await writeMatrixFile(stage.path(`W.${args.format}`), { data: r.W, shape: [n, args.rank!] });
      await writeMatrixFile(stage.path(`H.${args.format}`), { data: r.H, shape: [args.rank!, m] });
      const { files: _f, ...saved } = summary;
      fs.writeFileSync(stage.path('fit.json'), JSON.stringify(saved, null, 2) + '\n');
    }));
  }
  ctx.result(
    summary,
    `${n} × ${m}, rank ${args.rank}, ${shards.length} shards: relative error ${r.relativeError.toPrecision(6)} after ${r.nIter} iterations` +
      (summary.outDir ? `\nwritten to ${summary.outDir}` : ''),
  );
}
