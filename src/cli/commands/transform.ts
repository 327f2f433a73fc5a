/** `nmflow transform`: W for new data with the components of a saved model held fixed. */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from '../../errors';
import { NMF, relativeError } from '../../nmf';
import { defineCommand } from '../context';
import type { DataMatrix } from '../../datasets';
import type { MatrixNames } from '../../io';
import { matrixReadOptions, readOptions } from '../data-args';
import { readMatrixArg } from '../inputs';
import { componentNames, writeNamedMatrix } from '../named-output';
import { checkMatrixOut, writeFileStaged } from '../output';
import { table } from '../table';
import { checkOnlineFlags, onlineOptions } from '../online-args';
import { runTransformOnline } from './transform-online';

export const transformCommand = defineCommand({
  command: 'transform',
  describe: 'coefficients W (nSamples × rank) of new data with a saved model’s components fixed',
  examples: [
    ['$0 transform --model out/mnist --input digits.npy --out W.npy', 'W for new digits'],
    ['$0 transform --model out/x --input X.csv --json', 'W as JSON rows'],
    ['$0 transform --model out/big --input big.mtx --online --out W.npy', 'streamed'],
  ],
  builder: (y) =>
    onlineOptions(readOptions(y), false)
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'a folder written by `nmflow factorize --out`',
      })
      .option('input', {
        type: 'string',
        demandOption: true,
        describe: 'new data, rows = samples, as many columns as the model’s components',
      })
      .option('out', {
        type: 'string',
        describe: 'write W here, format by extension (.csv, .npy, .mtx); default: CSV on stdout',
      }),
  run: async (args, ctx) => {
    checkOnlineFlags(args, ['nan-as-missing']);
    if (args.online) return runTransformOnline(args, ctx);
    if (args.out !== undefined) checkMatrixOut(args.out, 'out', ['csv', 'tsv', 'npy', 'mtx']);
    if (!fs.existsSync(path.join(args.model, 'manifest.json'))) {
      throw usageError(
        `--model ${args.model} is not a saved model (no manifest.json); write one with \`nmflow factorize --out\``,
      );
    }
    const model = await NMF.load(args.model);
    try {
      const read = (await readMatrixArg(args.input, 'input', {
        ...matrixReadOptions(args, (t) => ctx.note(t)),
        nonNegative: true,
      })) as DataMatrix & MatrixNames;
      const { rowNames, columnNames, ...X } = read;
      checkFeatureNames(args.model, args.input, columnNames, ctx.note.bind(ctx));
      const start = performance.now();
      // Missing entries (NaN, with --nan-as-missing): each row of W fits its observed entries.
      const missing = args['nan-as-missing'] ? { nanAsMissing: true } : {};
      const Wt = await model.transform(X, missing);
      const seconds = (performance.now() - start) / 1000;
      const W = {
        data: (await Wt.data()) as Float32Array,
        shape: [Wt.shape[0], Wt.shape[1]] as [number, number],
      };
      const error = relativeError(X, Wt, model.components, missing);
      Wt.dispose();
      const names = rowNames ? { rowNames, columnNames: componentNames(W.shape[1]) } : {};
      const files = args.out
        ? await writeFileStaged(args.out, (tmp) => writeNamedMatrix(tmp, W, names))
        : [];
      const summary = {
        model: args.model,
        shape: W.shape,
        relativeError: error,
        seconds,
        ...(args.out ? { out: files[0] } : {}),
      };
      const human = table(
        ['samples', 'rank', 'relative error', 'seconds'],
        [[W.shape[0], W.shape[1], error, seconds]],
      );
      ctx.matrixResult(summary, human, W, { key: 'W', writtenTo: files[0], ...names });
    } finally {
      model.dispose();
    }
  },
});

/** A note when the input's column names differ from the features the model was fitted on. */
function checkFeatureNames(
  model: string,
  input: string,
  columnNames: string[] | undefined,
  note: (text: string) => void,
): void {
  if (!columnNames) return;
  let features: unknown;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(model, 'manifest.json'), 'utf8'));
    features = manifest?.notes?.featureNames;
  } catch {
    return;
  }
  if (!Array.isArray(features) || features.length !== columnNames.length) return;
  const j = columnNames.findIndex((c, i) => c !== features[i]);
  if (j >= 0) {
    note(
      `transform: warning: column ${j + 1} of ${input} is "${columnNames[j]}" but the model's feature ${j + 1} is "${features[j]}": the columns may be in another order`,
    );
  }
}
