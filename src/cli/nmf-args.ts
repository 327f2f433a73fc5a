/** The options `factorize` and `compare` share: the data, and the NMF settings. */
import type { Argv } from 'yargs';
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { NMF_INITS, type NmfOptions, type NmfResult } from '../nmf';
import { SUPPORT } from '../nmf/options';

/** The solvers that accept missing values (a mask). */
const NMF_MASK_SOLVERS: readonly string[] = SUPPORT.mask;
import { defined } from './context';
import type { Factor } from './render';

export { dataOptions, type DataArgs } from './data-args';

export interface FitArgs {
  rank: number;
  loss?: string;
  init?: string;
  'max-iter'?: number;
  tol?: number;
  'alpha-w'?: number;
  'alpha-h'?: number;
  'l1-ratio'?: number;
  'time-limit'?: number;
  extrapolate?: boolean;
}

export function fitOptions<T>(y: Argv<T>): Argv<T & FitArgs> {
  return y
    .option('rank', { type: 'number', demandOption: true, describe: 'number of components k' })
    .option('loss', { type: 'string', describe: 'frobenius (default), kl, is, or a β value' })
    .option('init', {
      type: 'string',
      choices: NMF_INITS.filter((i) => i !== 'custom'),
      describe: 'initialization (default nndsvda)',
    })
    .option('max-iter', { type: 'number', describe: 'outer iterations (default 200)' })
    .option('tol', { type: 'number', describe: 'stopping tolerance (default 1e-4)' })
    .option('alpha-w', { type: 'number', describe: 'regularization of W (default 0)' })
    .option('alpha-h', { type: 'number', describe: 'regularization of H (default: alpha-w)' })
    .option('l1-ratio', { type: 'number', describe: 'share of l1 in the regularization, 0…1' })
    .option('time-limit', { type: 'number', describe: 'stop after this many seconds' })
    .option('extrapolate', {
      type: 'boolean',
      describe: 'anls, hals: extrapolated updates (default; --no-extrapolate for the plain ones)',
    }) as Argv<T & FitArgs>;
}

/** NMF options from the shared flags (undefined flags keep the library's defaults). */
export function nmfOptions(args: FitArgs & { seed: number }): NmfOptions {
  const loss =
    args.loss === undefined
      ? undefined
      : /^-?\d/.test(args.loss)
        ? Number(args.loss)
        : (args.loss as NmfOptions['loss']);
  return defined<NmfOptions>({
    rank: args.rank,
    loss,
    init: args.init as NmfOptions['init'],
    maxIter: args['max-iter'],
    tol: args.tol,
    seed: args.seed,
    alphaW: args['alpha-w'],
    alphaH: args['alpha-h'],
    l1Ratio: args['l1-ratio'],
    timeLimitSeconds: args['time-limit'],
    extrapolate: args.extrapolate,
  });
}

/** --nan-as-missing needs a solver that takes a mask; says which do. */
export function checkMissingSupport(solver: string | undefined): void {
  const ok = NMF_MASK_SOLVERS;
  if (solver !== undefined && !ok.includes(solver)) {
    throw usageError(
      `option --nan-as-missing needs a solver that supports missing values (${ok.join(', ')}), got --solver ${solver}`,
    );
  }
}

/** The CLI asks for 1 ≤ rank ≤ min(rows, columns): more components than that cannot be parts. */
export function checkRank(rank: number, shape: readonly [number, number]): void {
  const most = Math.min(...shape);
  if (!Number.isInteger(rank) || rank < 1 || rank > most) {
    throw usageError(
      `option --rank must be an integer from 1 to ${most} (the smaller side of the ${shape[0]} × ${shape[1]} data), got ${rank}`,
    );
  }
}

/** W and H of a result read back into typed arrays (the tensors stay the caller's). */
export async function factorsOf(r: NmfResult): Promise<{ W: Factor; H: Factor }> {
  const read = async (t: tf.Tensor2D): Promise<Factor> => ({
    data: (await t.data()) as Float32Array,
    shape: [t.shape[0], t.shape[1]],
  });
  return { W: await read(r.W), H: await read(r.H) };
}
