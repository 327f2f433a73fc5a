/** The options `factorize` and `compare` share: the data, and the NMF settings. */
import type { Argv } from 'yargs';
import * as tf from '@tensorflow/tfjs-core';
import { inputError, NmflowError, usageError } from '../errors';
import { parseBytes } from '../memory';
import { NMF_INITS, type NmfOptions, type NmfResult } from '../nmf';
import { solversSupporting } from '../nmf/solvers';
import { defined } from './context';
import { loadNmfData, type NmfInputData } from './inputs';
import type { Factor } from './render';

/** The solvers that accept missing values (a mask). */
const NMF_MASK_SOLVERS: readonly string[] = solversSupporting('mask');

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

/**
 * The fit flags; with `rankFrom` set, --rank may be left out (`factorize --resume` reads it from
 * the checkpoint: the run then checks that one of the two gives it).
 */
export function fitOptions<T>(y: Argv<T>, rankFrom?: string): Argv<T & FitArgs> {
  return y
    .option('rank', {
      type: 'number',
      demandOption: rankFrom === undefined,
      describe: 'number of components k' + (rankFrom ? ` (default: the one of ${rankFrom})` : ''),
    })
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

export interface MemoryArgs {
  'memory-limit'?: string;
}

/** The flag that raises (or lowers) the memory a data file and a fit may take. */
export function memoryOptions<T>(y: Argv<T>): Argv<T & MemoryArgs> {
  return y.option('memory-limit', {
    type: 'string',
    describe:
      'most memory a matrix file and the fit may take, e.g. 8G, 512M or off ' +
      '(default: 2 GiB for a file, 75% of the free memory for the fit)',
  }) as Argv<T & MemoryArgs>;
}

/** --memory-limit in bytes (undefined: the defaults; "off": no limit). */
export function memoryLimitOf(args: MemoryArgs): number | undefined {
  const text = args['memory-limit'];
  if (text === undefined) return undefined;
  const bytes = parseBytes(text, 'option --memory-limit');
  return Number.isFinite(bytes) ? bytes : Number.MAX_SAFE_INTEGER;
}

/**
 * Runs `f`, turning a memory refusal (a file whose declared size, or a fit whose plan, needs
 * more than the limit: nothing was allocated yet) into bad input (exit 2) whose message names
 * --memory-limit, the flag that raises the limit (the library's messages name its own
 * maxBytes and memoryLimit options).
 */
export async function withMemoryFlag<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (!(err instanceof NmflowError) || err.kind !== 'memory') throw err;
    const text = err.message
      .replace(/\s*\(raise it with the maxBytes option[^)]*\)\s*$/, '')
      .replace(/\(option memoryLimit\)/, '(--memory-limit)')
      .replace(/, or raise the limit with option memoryLimit.*$/, '');
    throw inputError(
      `${text}; if you have the memory, raise the limit with --memory-limit (e.g. --memory-limit 64G, or off)`,
      err,
    );
  }
}

/** The data of --dataset or --input, with --memory-limit as the largest allocation a file may ask for. */
export async function loadDataWithin(
  args: Parameters<typeof loadNmfData>[0] & MemoryArgs,
  note?: (text: string) => void,
): Promise<NmfInputData> {
  const maxBytes = memoryLimitOf(args);
  return withMemoryFlag(() =>
    loadNmfData({ ...args, ...(maxBytes === undefined ? {} : { maxBytes }) }, note),
  );
}
