/** `nmflow datasets list | info NAME | export NAME --out FILE`. */
import type { Argv } from 'yargs';
import { listDatasets, loadDataset, type Dataset } from '../../datasets';
import { usageError } from '../../errors';
import { isCsr } from '../../linalg/csr';
import { formatNumber } from '../../report/svg';
import { defineCommand, type GlobalArgs } from '../context';
import * as fs from 'fs';
import * as path from 'path';
import { formatFromName, writeMatrixFile } from '../../io';
import { parseDatasetOptions } from '../data-args';
import { checkMatrixOut, writeFileStaged } from '../output';
import { table } from '../table';

type DatasetsArgs = {
  action: string;
  name?: string;
  out?: string;
  limit?: number;
  'dataset-option'?: string[];
};

const EXPORT_FORMATS = ['csv', 'tsv', 'npy', 'mtx', 'coo', 'uci'];

export const datasetsCommand = defineCommand<DatasetsArgs>({
  command: 'datasets <action> [name]',
  describe: 'list the data sets, describe one, or export one to a matrix file',
  examples: [
    ['$0 datasets list', 'the registered data sets and their shapes'],
    ['$0 datasets info swimmer', 'shape, value range and provenance of one data set'],
    ['$0 datasets export mnist --limit 1000 --out mnist.npy', '1000 MNIST digits as NumPy'],
    [
      '$0 datasets export sotu --out sotu.mtx',
      'SOTU tf-idf as Matrix Market, vocab.sotu.txt beside',
    ],
    [
      '$0 datasets export sotu --dataset-option weighting=count --out docword.sotu.txt',
      'SOTU word counts as UCI bag of words',
    ],
    [
      '$0 datasets export lowrank --dataset-option rows=500 cols=80 rank=5 --out X.npy',
      'a synthetic low-rank matrix of your size',
    ],
  ],
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('action', { choices: ['list', 'info', 'export'], demandOption: true })
      .positional('name', { type: 'string', describe: 'data set name (info, export)' })
      .option('out', {
        type: 'string',
        describe:
          'export: file to write, format by extension (.csv, .tsv, .npy, .mtx, .coo, docword.NAME.txt)',
      })
      .option('limit', {
        type: 'number',
        describe: 'keep this many rows (a seeded random subset)',
      })
      .option('dataset-option', {
        type: 'string',
        array: true,
        describe:
          'a generator or vectorizer setting KEY=VALUE (lowrank: rows, cols, rank, noise; nnls-synthetic: m, n, s, matrix, noise; text sets: weighting, maxFeatures, …)',
      }) as Argv<GlobalArgs & DatasetsArgs>,
  run: async (args, ctx) => {
    if (args.action === 'list') {
      const list = listDatasets();
      ctx.result(
        list,
        table(
          ['name', 'kind', 'shape', 'description'],
          list.map((d) => [d.name, d.kind, d.shape, d.description]),
        ),
      );
      return;
    }
    if (args.name === undefined) {
      throw usageError(
        `datasets ${args.action} needs a data set name; known data sets: ${listDatasets()
          .map((d) => d.name)
          .join(', ')}`,
      );
    }
    if (args.action === 'export') {
      if (args.out === undefined) throw usageError('datasets export needs --out FILE');
      checkMatrixOut(args.out, 'out', EXPORT_FORMATS);
    }
    const ds = await loadDataset(args.name, {
      seed: args.seed,
      ...(args.limit === undefined ? {} : { limit: args.limit }),
      ...parseDatasetOptions(args['dataset-option']),
    });
    const summary = describe(ds);
    if (args.action === 'info') {
      ctx.result(summary, formatSummary(summary));
      return;
    }
    const files = await exportDataset(ds, args.out!);
    ctx.result(
      { ...summary, files },
      `${ds.name} (${ds.shape[0]} × ${ds.shape[1]}) written to ${files.join(', ')}`,
    );
  },
});

/**
 * Writes `ds.X` to `file` in the format its name says, all-or-nothing: UCI docword only for
 * counts (refused with the first entry that is not one), and the vocabulary as
 * `vocab.<name>.txt` beside a docword, .mtx, .coo or .npy file (a CSV/TSV gets it as header).
 */
async function exportDataset(ds: Dataset, file: string): Promise<string[]> {
  const format = formatFromName(file)!;
  if (format === 'uci') {
    const bad = firstNonCount(ds.X);
    if (bad) {
      throw usageError(
        `${ds.name} holds ${ds.kind === 'text' ? 'tf-idf weights' : 'non-integer values'} (entry (row ${bad.row}, column ${bad.column}) is ${Number(bad.value.toPrecision(6))}), ` +
          `and a UCI docword file holds non-negative integer counts only; export to .mtx, .coo, .npy or .csv instead` +
          (ds.kind === 'text' ? ', or pass --dataset-option weighting=count for word counts' : ''),
      );
    }
  }
  const vocabulary = ds.vocabulary;
  return writeFileStaged(file, async (tmp) => {
    if (format === 'csv' || format === 'tsv') {
      await writeMatrixFile(tmp, ds.X, vocabulary ? { columnNames: vocabulary } : {});
      return;
    }
    await writeMatrixFile(tmp, ds.X, format === 'uci' && vocabulary ? { vocabulary } : {});
    if (vocabulary && format !== 'uci') {
      const stem = path
        .basename(file)
        .replace(/(\.gz)?$/i, '')
        .replace(/\.[^.]*$/, '');
      fs.writeFileSync(
        path.join(path.dirname(tmp), `vocab.${stem}.txt`),
        vocabulary.join('\n') + '\n',
      );
    }
  });
}

/** The first entry of X that is not a non-negative integer, or undefined. */
function firstNonCount(
  X: Dataset['X'],
): { row: number; column: number; value: number } | undefined {
  if (isCsr(X)) {
    for (let i = 0; i < X.shape[0]; i++) {
      for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) {
        const v = X.values[k];
        if (!Number.isInteger(v) || v < 0) return { row: i, column: X.indices[k], value: v };
      }
    }
    return undefined;
  }
  const cols = X.shape[1];
  const k = X.data.findIndex((v) => !Number.isInteger(v) || v < 0);
  return k < 0 ? undefined : { row: Math.floor(k / cols), column: k % cols, value: X.data[k] };
}

/** What `datasets info` reports about a loaded data set. */
function describe(ds: Dataset) {
  const values = isCsr(ds.X) ? ds.X.values : ds.X.data;
  let min = Infinity;
  let max = -Infinity;
  let nonZeros = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== 0) nonZeros++;
  }
  const size = ds.shape[0] * ds.shape[1];
  if (isCsr(ds.X) && values.length < size) min = Math.min(min, 0);
  return {
    name: ds.name,
    kind: ds.kind,
    shape: ds.shape,
    storage: isCsr(ds.X) ? 'sparse (CSR)' : 'dense',
    density: nonZeros / size,
    min,
    max,
    imageShape: ds.imageShape,
    vocabularySize: ds.vocabulary?.length,
    vocabularySample: ds.vocabulary?.slice(0, 10),
    labels: ds.labels ? new Set(ds.labels).size : undefined,
    provenance: ds.provenance,
  };
}

function formatSummary(s: ReturnType<typeof describe>): string {
  const rows: [string, string | number | undefined][] = [
    ['name', s.name],
    ['kind', s.kind],
    ['shape', `${s.shape[0]} × ${s.shape[1]}`],
    ['storage', s.storage],
    ['density', s.density],
    ['values', `${formatNumber(s.min)} … ${formatNumber(s.max)}`],
    ['image shape', s.imageShape && `${s.imageShape[0]} × ${s.imageShape[1]}`],
    [
      'vocabulary',
      s.vocabularySize && `${s.vocabularySize} words (${s.vocabularySample!.join(', ')}, …)`,
    ],
    ['distinct labels', s.labels],
  ];
  return (
    table(
      ['property', 'value'],
      rows.filter(([, v]) => v !== undefined),
    ) + `\n\n${s.provenance}`
  );
}
