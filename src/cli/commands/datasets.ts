/** `nmflow datasets list | info NAME | export NAME --out FILE`. */
import type { Argv } from 'yargs';
import { listDatasets, loadDataset, type Dataset } from '../../datasets';
import { usageError } from '../../errors';
import { isCsr } from '../../linalg/csr';
import { formatNumber } from '../../report/svg';
import { defineCommand, type GlobalArgs } from '../context';
import { writeMatrixOut } from '../inputs';
import { table } from '../table';

type DatasetsArgs = { action: string; name?: string; out?: string; limit?: number };

export const datasetsCommand = defineCommand<DatasetsArgs>({
  command: 'datasets <action> [name]',
  describe: 'list the data sets, describe one, or export one to a matrix file',
  examples: [
    ['$0 datasets list', 'the registered data sets and their shapes'],
    ['$0 datasets info swimmer', 'shape, value range and provenance of one data set'],
    ['$0 datasets export mnist --limit 1000 --out mnist.npy', '1000 MNIST digits as NumPy'],
    ['$0 datasets export sotu --out sotu.mtx', 'the SOTU tf-idf matrix as sparse Matrix Market'],
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
    if (args.action === 'export' && args.out === undefined) {
      throw usageError('datasets export needs --out FILE');
    }
    const ds = await loadDataset(args.name, {
      seed: args.seed,
      ...(args.limit === undefined ? {} : { limit: args.limit }),
    });
    const summary = describe(ds);
    if (args.action === 'info') {
      ctx.result(summary, formatSummary(summary));
      return;
    }
    const files = await writeMatrixOut(args.out!, ds.X, { vocabulary: ds.vocabulary });
    ctx.result(
      { ...summary, files },
      `${ds.name} (${ds.shape[0]} × ${ds.shape[1]}) written to ${files.join(', ')}`,
    );
  },
});

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
