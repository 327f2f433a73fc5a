/**
 * Every experiment at smoke scale: its files, the shape of its results, its claims, no leaked
 * tensors; and determinism (same seed ⇒ identical results.json).
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listExperiments, runExperiment } from '../../src/experiments';
import { solverNames } from '../../src/nnls';
import { expectNoLeak } from '../helpers';

const RESULT_KEYS: Record<string, string[]> = {
  'implicit-bias': ['problem', 'references', 'runs'],
  'step-decay': ['problem', 'runs'],
  'incremental-learning': ['problem', 'coordinates', 'trajectory'],
  acceleration: ['problem', 'runs'],
  'sparse-recovery': ['problem', 'minL1Ratio', 'methods'],
  'negative-perturbation': ['problem', 'runs'],
  'subsampled-fourier': ['problem', 'runs'],
  'nmf-bias': ['datasets', 'seeds', 'targets', 'rows', 'topics', 'failures'],
  'nmf-speed': ['datasets', 'failures', 'runs'],
};

describe('experiments at smoke scale', function () {
  this.timeout(120000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-experiments-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const e of listExperiments()) {
    it(`${e.name}: writes config, results, timings, figures and summary`, async function () {
      const missing = e.solvers.filter((s) => !solverNames().includes(s));
      if (missing.length > 0) {
        console.log(`      (skipped: solvers not registered yet: ${missing.join(', ')})`);
        this.skip();
      }
      const outDir = path.join(root, e.name);
      const run = await expectNoLeak(() => runExperiment(e.name, { scale: 'smoke', outDir }));
      const files = fs.readdirSync(outDir).sort();
      for (const f of ['config.json', 'results.json', 'timings.json', 'summary.md']) {
        expect(files).to.include(f);
      }
      expect(files.filter((f) => f.endsWith('.svg')).length).to.equal(run.output.plots.length);
      for (const extra of run.output.files ?? []) expect(files).to.include(extra.name);
      expect(files.some((f) => f.startsWith('.tmp-'))).to.equal(false);
      const config = JSON.parse(fs.readFileSync(path.join(outDir, 'config.json'), 'utf8'));
      expect(config).to.include({ experiment: e.name, scale: 'smoke', seed: e.seed });
      expect(config.parameters).to.deep.equal(e.parameters.smoke);
      expect(config).to.have.keys([
        'experiment',
        'description',
        'scale',
        'seed',
        'parameters',
        'backend',
        'nmflowVersion',
        'tfjsVersion',
        'machine',
        'startedAt',
      ]);
      const results = JSON.parse(fs.readFileSync(path.join(outDir, 'results.json'), 'utf8'));
      expect(results).to.have.keys(RESULT_KEYS[e.name]);
      expect(JSON.stringify(results)).to.not.match(/seconds/i);
      expect(run.claims.length).to.be.greaterThan(0);
      const summary = fs.readFileSync(path.join(outDir, 'summary.md'), 'utf8');
      expect(summary).to.contain(`# Experiment \`${e.name}\``).and.to.contain('## Claims');
      for (const c of run.claims) {
        expect(c.claim).to.match(/\.$/);
        expect(summary).to.contain(c.claim);
      }
      for (const p of run.output.plots) {
        expect(fs.readFileSync(path.join(outDir, `${p.file}.svg`), 'utf8')).to.match(
          /^<svg[^]*<\/svg>\s*$/,
        );
      }
    });
  }

  it('gives identical results.json for the same seed, different for another seed', async function () {
    const name = 'step-decay';
    if (!solverNames().includes('overparam')) this.skip();
    const read = async (seed: number, dir: string) => {
      await runExperiment(name, { scale: 'smoke', seed, outDir: path.join(root, dir) });
      return fs.readFileSync(path.join(root, dir, 'results.json'), 'utf8');
    };
    const a = await read(5, 'det-a');
    const b = await read(5, 'det-b');
    const c = await read(6, 'det-c');
    expect(a).to.equal(b);
    expect(a).to.not.equal(c);
  });
});
