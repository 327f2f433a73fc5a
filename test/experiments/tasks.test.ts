/** The experiment runner's tasks: local order, an unknown task named, the remote hand-off. */
import { expect } from 'chai';
import { getExperiment } from '../../src/experiments';
import { taskRunner, type RemoteTasks } from '../../src/experiments/tasks';

describe('experiments: tasks', () => {
  const e = {
    ...getExperiment('nmf-bias'),
    tasks: { square: async (x: unknown) => (x as number) ** 2 },
  };
  const run = { experiment: 'nmf-bias', scale: 'smoke' as const, seed: 3 };

  it('runs locally in order and reports each', async () => {
    const done: number[] = [];
    const r = await taskRunner(e, run, {})<number, number>('square', [3, 1, 2], (i) =>
      done.push(i),
    );
    expect(r).to.deep.equal([9, 1, 4]);
    expect(done).to.deep.equal([0, 1, 2]);
  });

  it('an unknown task is refused with the known ones', async () => {
    let err: Error | undefined;
    await taskRunner(e, run, {})('cube', [1]).catch((x: Error) => (err = x));
    expect(err?.message).to.match(/no task "cube".*square/);
  });

  it('hands the run, the task and the inputs to a remote runner', async () => {
    let seen: unknown[] = [];
    const remote: RemoteTasks = async (r, task, inputs) => {
      seen = [r, task, inputs];
      return inputs.map((x) => -(x as number));
    };
    expect(await taskRunner(e, run, {}, remote)('square', [2, 5])).to.deep.equal([-2, -5]);
    expect(seen).to.deep.equal([run, 'square', [2, 5]]);
  });
});
