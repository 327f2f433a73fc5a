/**
 * Every `nmflow` command in README.md's `sh` blocks runs and keeps its promise: exit code 0 and
 * the outputs the README names. The commands are read from README.md itself (a command added
 * there is run here) and run in order, as a new user would, in one fresh folder, each as
 * `node bin/nmflow.js …` with `--quiet` and smaller settings (SMALL below), so that the whole
 * file takes well under a minute:
 *
 * - `npm install && npx nmflow …`, `npx nmflow …` and `nmflow …` run the built CLI;
 *   `npm run experiment -- ARGS` is `nmflow experiment ARGS` (the README says they are the same);
 *   commands that come out identical run once.
 * - `factorize --dataset NAME` gets `--limit 100 --max-iter 20` unless it has a --limit;
 *   `experiment … --scale full` runs at `--scale smoke`.
 * - `compare` runs with the README's own arguments (Swimmer, rank 16, mu,hals,anls, 3 seeds):
 *   the example the issue found crashing (hals's exploding rows) is checked as written.
 * - `nnls --matrix A.csv --rhs b.csv` needs the user's files: a small consistent A and b are
 *   written first.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { nmflowArgs, readmeCommands } from './readme-commands';
import { runCli, tempDir } from './run';

const README = path.resolve(__dirname, '../../../README.md');

/** SMALL: the same command on smaller settings (see the header). */
export function small(args: string[]): string[] {
  const out = [...args];
  const has = (flag: string) => out.includes(flag);
  if (out[0] === 'factorize' && has('--dataset') && !has('--limit')) {
    out.push('--limit', '100');
    if (!has('--max-iter')) out.push('--max-iter', '20');
  }
  if (out[0] === 'experiment') {
    const i = out.indexOf('--scale');
    if (i >= 0 && out[i + 1] === 'full') out[i + 1] = 'smoke';
  }
  return [...out, '--quiet'];
}

/** The value of `--flag` in args. */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The files a command promises (README's words), relative to the folder it ran in. */
function promised(args: string[]): string[] {
  const out = flag(args, '--out');
  switch (args[0]) {
    case 'factorize': {
      const text = flag(args, '--dataset') === 'sotu';
      const pictures = text ? ['topics.txt', 'topics.json'] : ['components.png'];
      return ['manifest.json', 'W.npy', 'H.npy', 'report.html', ...pictures].map((f) =>
        path.join(out!, f),
      );
    }
    case 'compare':
      return out === undefined
        ? []
        : ['compare.html', 'compare.json'].map((f) => path.join(out, f));
    case 'experiment': {
      if (args[1] === 'list') return [];
      const dir = out ?? path.join('out', 'experiments', args[1]);
      return ['config.json', 'results.json', 'summary.md'].map((f) => path.join(dir, f));
    }
    default:
      return out === undefined ? [] : [out];
  }
}

describe('cli: every README command runs', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  after(cleanup);
  const lines = readmeCommands(fs.readFileSync(README, 'utf8'));
  const runs = [
    ...new Set(
      lines.map(nmflowArgs).flatMap((args) => (args ? [JSON.stringify(small(args))] : [])),
    ),
  ].map((s) => JSON.parse(s) as string[]);

  before(() => {
    // The user's files of the nnls example: A (3 × 2) and b = A·[1, 2].
    fs.writeFileSync(path.join(dir, 'A.csv'), '1,0\n0,1\n1,1\n');
    fs.writeFileSync(path.join(dir, 'b.csv'), '1\n2\n3\n');
  });

  it('finds the README commands (factorize, compare, datasets, transform, nnls, experiment)', () => {
    const commands = new Set(runs.map((args) => args[0]));
    for (const c of ['factorize', 'compare', 'datasets', 'transform', 'nnls', 'experiment']) {
      expect(commands, c).to.include(c);
    }
  });

  for (const args of runs) {
    it(`nmflow ${args.join(' ')}`, () => {
      const r = runCli(args, dir);
      expect(r.code, `exit code; stderr: ${r.stderr}`).to.equal(0);
      for (const file of promised(args)) {
        expect(fs.existsSync(path.join(dir, file)), `${file} written`).to.equal(true);
      }
      if (args.includes('--json')) expect(() => JSON.parse(r.stdout)).not.to.throw();
      if (args[0] === 'experiment' && args[1] === 'list') {
        expect(r.stdout).to.match(/implicit-bias/);
      }
    });
  }
});
