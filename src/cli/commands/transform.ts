/** `nmflow transform`: W for new data with the components of a saved model held fixed. */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from '../../errors';
import { NMF, relativeError } from '../../nmf';
import { defineCommand } from '../context';
import { readMatrixArg, writeMatrixOut } from '../inputs';
import { table } from '../table';

export const transformCommand = defineCommand({
  command: 'transform',
  describe: 'coefficients W (nSamples × rank) of new data with a saved model’s components fixed',
  examples: [
    ['$0 transform --model out/mnist --input digits.npy --out W.npy', 'W for new digits'],
    ['$0 transform --model out/x --input X.csv --json', 'W as JSON rows'],
  ],
  builder: (y) =>
    y
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
    if (!fs.existsSync(path.join(args.model, 'manifest.json'))) {
      throw usageError(
        `--model ${args.model} is not a saved model (no manifest.json); write one with \`nmflow factorize --out\``,
      );
    }
    const model = await NMF.load(args.model);
    try {
      const X = await readMatrixArg(args.input, 'input', { nonNegative: true });
      const start = performance.now();
      const Wt = await model.transform(X);
      const seconds = (performance.now() - start) / 1000;
      const W = {
        data: (await Wt.data()) as Float32Array,
        shape: [Wt.shape[0], Wt.shape[1]] as [number, number],
      };
      const error = relativeError(X, Wt, model.components);
      Wt.dispose();
      const files = args.out ? await writeMatrixOut(args.out, W) : [];
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
      ctx.matrixResult(summary, human, W, { key: 'W', writtenTo: files[0] });
    } finally {
      model.dispose();
    }
  },
});
