/** `nmflow verify`: the autodiff checks that GD on x = u^L is Riemannian GD; exit 1 on failure. */
import { NmflowError } from '../../errors';
import { verifyRiemannianEquivalence } from '../../riemannian';
import { defineCommand } from '../context';
import { table } from '../table';

export const verifyCommand = defineCommand({
  command: 'verify',
  describe: 'check by autodiff that gradient descent on x = u^L is Riemannian gradient descent',
  examples: [
    ['$0 verify', 'depths 2, 3 and 4, three random problems each'],
    ['$0 verify --depth 2 --trials 10 --json', 'depth 2 only, ten problems, JSON output'],
  ],
  builder: (y) =>
    y
      .option('depth', {
        type: 'number',
        array: true,
        describe: 'depth(s) L of x = u^L to check (default 2 3 4)',
      })
      .option('trials', { type: 'number', describe: 'random problems per depth (default 3)' }),
  run: async (args, ctx) => {
    const result = await verifyRiemannianEquivalence({
      depths: args.depth,
      trials: args.trials,
      seed: args.seed,
    });
    const human = [
      `depths ${result.depths.join(', ')}; ${result.trials} problem(s) each; seed ${result.seed}`,
      '',
      table(
        ['check', 'what', 'max error', 'tolerance', 'result'],
        result.checks.map((c) => [
          c.check,
          c.description,
          c.maxError,
          c.tolerance,
          c.passed ? 'pass' : 'FAIL',
        ]),
      ),
      '',
      `estimated order of the first-order gap: ${result.gapOrder.toFixed(3)} (expected 2)`,
    ].join('\n');
    ctx.result(result, human);
    const failed = result.checks.filter((c) => !c.passed);
    if (failed.length) {
      throw new NmflowError(
        'numeric',
        `${failed.length} of ${result.checks.length} checks failed: ${failed.map((c) => c.check).join(', ')}`,
      );
    }
  },
});
