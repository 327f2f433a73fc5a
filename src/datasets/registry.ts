/**
 * A data-set registry: named entries, each a generator or loader with its option keys, behind
 * `list()` and `load(name, options)` with the options every set shares checked once.
 */
import { usageError } from '../errors';
import { checkChoice, checkKnownKeys, checkNumber } from '../options';
import type { LowRankOptions } from './lowrank';
import type { NnlsSyntheticOptions } from './nnls-synthetic';
import { ROW_NORMS, type RowNorm } from './rows';
import type { Dataset, DatasetInfo } from './types';
import type { VectorizerOptions } from './vectorizer';

/**
 * Options of `loadDataset`. Every set takes `limit` (keep at most this many rows, a seeded
 * random subset kept in source order), `seed` (default 0) and `normalize` (scale each row to
 * unit 'l1' / 'l2' norm or unit 'max'; default 'none'). Text sets also take the vectorizer
 * options (applied to the subset), `lowrank` and `nnls-synthetic` take their generators' options.
 */
export interface DatasetOptions
  extends
    VectorizerOptions,
    Omit<LowRankOptions, 'seed'>,
    Partial<Omit<NnlsSyntheticOptions, 'seed' | 'noise'>> {
  limit?: number;
  seed?: number;
  normalize?: RowNorm;
}

export interface Common {
  limit: number | undefined;
  seed: number;
  normalize: RowNorm;
}

export interface Entry {
  info: DatasetInfo;
  /** Option keys accepted besides limit, seed and normalize. */
  keys: readonly string[];
  load(common: Common, options: DatasetOptions): Promise<Dataset>;
}

/** A registry's two functions: the sets with their documented shapes, and loading one by name. */
export interface Registry {
  list(): DatasetInfo[];
  load(name: string, options?: DatasetOptions): Promise<Dataset>;
}

/** The registry of `entries`; unknown names and options fail with the known ones. */
export function makeRegistry(entries: readonly Entry[]): Registry {
  return {
    list: () => entries.map((e) => ({ ...e.info })),
    async load(name, options = {}) {
      const entry = entries.find((e) => e.info.name === name);
      if (!entry) {
        throw usageError(
          `unknown data set "${name}"; known data sets: ${entries.map((e) => e.info.name).join(', ')}`,
        );
      }
      if (typeof options !== 'object' || options === null)
        throw usageError('data set options must be an object');
      checkKnownKeys(`${name} data set`, options, ['limit', 'seed', 'normalize', ...entry.keys]);
      const common: Common = Object.freeze({
        limit:
          options.limit === undefined
            ? undefined
            : checkNumber('limit', options.limit, { min: 1, integer: true }),
        seed: checkNumber('seed', options.seed ?? 0, { integer: true }),
        normalize: checkChoice('normalize', options.normalize ?? 'none', ROW_NORMS),
      });
      return entry.load(common, options);
    },
  };
}
