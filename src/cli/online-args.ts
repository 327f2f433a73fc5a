/** The flags of streamed (online) runs: --online, --batch-size, --passes, --forget-factor. */
import type { Argv } from 'yargs';
import { usageError } from '../errors';
import { ONLINE_DEFAULTS } from '../nmf/online-options';
import type { RowStreamOptions } from '../io/stream-rows';
import type { MatrixFormat } from '../io';
import { parseDelimiter, type ReadArgs } from './data-args';

export interface OnlineArgs {
  online?: boolean;
  'batch-size'?: number;
  passes?: number;
  'forget-factor'?: number;
}

export function onlineOptions<T>(y: Argv<T>, fit: boolean): Argv<T & OnlineArgs> {
  const z = y
    .option('online', {
      type: 'boolean',
      describe:
        'stream --input in row batches, never loading it whole (Matrix Market sorted by row, ' +
        'docword, .npy, CSV); memory follows --batch-size and the rank, not the rows',
    })
    .option('batch-size', {
      type: 'number',
      describe: `--online: rows per batch (default ${ONLINE_DEFAULTS.batchSize})`,
    });
  if (!fit) return z as Argv<T & OnlineArgs>;
  return z
    .option('passes', {
      type: 'number',
      describe: `--online: passes over the data that update H (default ${ONLINE_DEFAULTS.passes})`,
    })
    .option('forget-factor', {
      type: 'number',
      describe: `--online: weight of the previous pass in the statistics, (0, 1] (default ${ONLINE_DEFAULTS.forgetFactor})`,
    }) as Argv<T & OnlineArgs>;
}

/** Refuses the online flags without --online, and the given `flags` with it. */
export function checkOnlineFlags(a: OnlineArgs, flags: string[]): void {
  const args = a as Record<string, unknown>;
  if (!args.online) {
    for (const f of ['batch-size', 'passes', 'forget-factor']) {
      if (args[f] !== undefined) throw usageError(`option --${f} needs --online`);
    }
    return;
  }
  for (const f of flags) {
    const v = args[f];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) {
      throw usageError(`option --${f} does not apply with --online`);
    }
  }
}

/** How `openRowStream` reads --input, from the reading flags. */
export function streamOptions(args: ReadArgs): RowStreamOptions {
  if (args['row-names']) throw usageError('option --row-names does not apply with --online');
  const format = args['input-format'];
  if (format === 'txt' || format === 'coo') {
    throw usageError(`--input-format ${format} cannot be streamed; use mtx, uci, npy, csv or tsv`);
  }
  return {
    ...(format ? { format: format as MatrixFormat } : {}),
    ...(args.delimiter ? { delimiter: parseDelimiter(args.delimiter) } : {}),
    ...(args.header ? { header: args.header === 'auto' ? 'auto' : args.header === 'yes' } : {}),
  };
}
