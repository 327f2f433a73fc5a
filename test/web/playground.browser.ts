/**
 * The playground (dist/web, `npm run build:web`) in headless Chromium (skipped with a message
 * where none is installed): the page loads with no console error; `?run=<JSON>` fits Swimmer at
 * rank 16 on `webgl` and `wasm` to Node's relative error and writes the result into
 * `<pre id="nmflow-result">`; a CSV dropped on the page (a DataTransfer built in the page) and
 * a folder of images (the folder picker) factorize, the CSV to Node's error on the same
 * numbers; the downloads read back in Node; the explorer shows the implicit bias (smaller α,
 * smaller l1 on the NNLS sparse-recovery problem).
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { factorize, relativeError } from '../../src/nmf';
import { generateSwimmer } from '../../src/datasets';
import { readNpy } from '../../src/io/npy';
import { plantedCsv, writeBarImages } from './fixtures';
import { startPlayground, type Playground } from './page';

/** The job, as factorize options (the playground's config adds `dataset` and `backend`). */
const FIT = { rank: 16, solver: 'hals' as const, maxIter: 30, tol: 0, seed: 0 };
const JOB = { dataset: 'swimmer', ...FIT };
const TOLERANCE = 1e-4;

describe('playground in headless Chromium', function () {
  this.timeout(600000);
  let playground: Playground | undefined;
  let nodeError: number;
  let tmp: string;
  const open = (query?: string) => playground!.open(query);

  before(async function () {
    playground = await startPlayground(this);
    const r = await factorize(generateSwimmer().X, FIT);
    r.W.dispose();
    r.H.dispose();
    nodeError = r.relativeError;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-playground-'));
  });

  after(async () => {
    await playground?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads with no console error; both views show; the MNIST sample is bundled', async () => {
    const { page, errors, hook } = await open();
    try {
      await page.click('[data-view="explorer"]');
      expect(await page.locator('#view-explorer').isVisible()).to.equal(true);
      expect(await page.locator('#view-factorize').isVisible()).to.equal(false);
      await page.click('[data-view="factorize"]');
      expect(await page.locator('#view-factorize').isVisible()).to.equal(true);
      const r = (await hook('run', { dataset: 'mnist', rank: 4, maxIter: 2, backend: 'cpu' })) as {
        shape: number[];
      };
      expect(r.shape).to.deep.equal([500, 784]);
      expect(await page.locator('#components canvas').count()).to.equal(4);
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });

  for (const backend of ['webgl', 'wasm']) {
    it(`?run= fits Swimmer rank 16 on ${backend} to Node's relative error`, async () => {
      const query = '?run=' + encodeURIComponent(JSON.stringify({ ...JOB, backend }));
      const { page, errors } = await open(query);
      try {
        const pre = await page.waitForSelector('#nmflow-result', { timeout: 300000 });
        const result = JSON.parse(await pre.innerText());
        expect(result.error, 'job error').to.equal(undefined);
        expect(result.backend).to.equal(backend);
        expect(result.iterations).to.equal(JOB.maxIter);
        const d = Math.abs(result.relativeError - nodeError) / nodeError;
        expect(d, `${result.relativeError} vs Node ${nodeError}`).to.be.below(TOLERANCE);
        expect(await page.locator('#backend-active').innerText()).to.equal(backend);
        expect(await page.locator('#components canvas').count()).to.equal(16);
        expect(errors, 'console errors').to.deep.equal([]);
      } finally {
        await page.close();
      }
    });
  }

  it("a dropped CSV factorizes to Node's error (Frobenius, KL); stop, continue; downloads", async () => {
    const csv = plantedCsv();
    const X = { data: csv.data, shape: csv.shape };
    const options = { rank: 3, solver: 'hals' as const, maxIter: 50, tol: 0, seed: 0 };
    const node = await factorize(X, options);
    const nodeW = node.W.dataSync().slice();
    node.W.dispose();
    node.H.dispose();
    const { page, errors, hook } = await open();
    try {
      await page.evaluate((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'planted.csv', { type: 'text/csv' }));
        const drop = new DragEvent('drop', {
          dataTransfer: transfer,
          bubbles: true,
          cancelable: true,
        });
        document.getElementById('drop')!.dispatchEvent(drop);
      }, csv.text);
      await page.waitForFunction(
        () => (document.getElementById('dataset') as HTMLSelectElement).value === 'files',
      );
      expect(await page.locator('#drop-status').innerText()).to.contain('planted.csv: 30 × 20');
      const result = (await hook('run', { dataset: 'files', ...options, backend: 'cpu' })) as {
        relativeError: number;
        shape: number[];
      };
      expect(result.shape).to.deep.equal([30, 20]);
      expect(Math.abs(result.relativeError - node.relativeError), 'vs Node').to.be.below(1e-4);
      // The loss option reaches nmflow: mu with KL to Node's error.
      const kl = {
        rank: 3,
        solver: 'mu' as const,
        loss: 'kl' as const,
        maxIter: 20,
        tol: 0,
        seed: 0,
      };
      const nodeKl = await factorize(X, kl);
      nodeKl.W.dispose();
      nodeKl.H.dispose();
      const pageKl = (await hook('run', { dataset: 'files', ...kl, backend: 'cpu' })) as {
        relativeError: number;
      };
      expect(Math.abs(pageKl.relativeError - nodeKl.relativeError), 'KL vs Node').to.be.below(1e-4);
      // Stop ends a long job early with its result; Continue starts from the last fit.
      const long = hook('run', { dataset: 'files', ...options, maxIter: 100000, backend: 'cpu' });
      await page.waitForFunction(() =>
        /^iteration/.test(document.getElementById('status')!.textContent!),
      );
      await page.click('#stop');
      const stopped = (await long) as { iterations: number; relativeError: number };
      expect(stopped.iterations).to.be.within(1, 99999);
      const more = (await hook('run', {
        ...options,
        maxIter: 5,
        continue: true,
        backend: 'cpu',
      })) as {
        relativeError: number;
      };
      expect(more.relativeError).to.be.at.most(stopped.relativeError + 1e-6); // a fresh 5-iteration fit is far above
      const last = (await hook('run', { dataset: 'files', ...options, backend: 'cpu' })) as {
        relativeError: number;
      };
      const download = async (button: string, name: string) => {
        const [npy] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
        await npy.saveAs(path.join(tmp, name));
        return readNpy(path.join(tmp, name), 1e6);
      };
      const W = await download('#dl-W-npy', 'W.npy');
      const H = await download('#dl-H-npy', 'H.npy');
      expect(W.shape).to.deep.equal([30, 3]);
      expect(H.shape).to.deep.equal([3, 20]);
      // The files hold the page's fit: X − W·H has the relative error the page reported.
      expect(relativeError(X, W, H)).to.be.closeTo(last.relativeError, 1e-5);
      // And it is Node's fit, up to the path: the page multiplies with tfjs's cpu matMul where
      // Node runs nmflow's SIMD products, and X has many exact rank-3 factorizations (both reach
      // an error of ≈2e-7), so W drifts apart by up to ≈1e-3 between them.
      W.data.forEach((v, i) => expect(Math.abs(v - nodeW[i]), `W[${i}]`).to.be.below(5e-3));
      const [manifest] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#dl-model'),
      ]);
      await manifest.saveAs(path.join(tmp, 'manifest.json'));
      const m = JSON.parse(fs.readFileSync(path.join(tmp, 'manifest.json'), 'utf8'));
      expect(m.format).to.equal('nmflow-nmf-model');
      expect(m.shapes.components).to.deep.equal([3, 20]);
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });

  it('a folder of images factorizes into components of the images’ size', async () => {
    const dir = path.join(tmp, 'bars');
    writeBarImages(dir);
    const { page, errors, hook } = await open();
    try {
      await page.setInputFiles('#folder-input', dir);
      await page.waitForFunction(
        () => (document.getElementById('dataset') as HTMLSelectElement).value === 'files',
      );
      const result = (await hook('run', {
        dataset: 'files',
        rank: 4,
        maxIter: 200,
        backend: 'wasm',
      })) as {
        relativeError: number;
        shape: number[];
      };
      expect(result.shape).to.deep.equal([12, 64]);
      expect(result.relativeError).to.be.below(0.02);
      const sizes = await page.$$eval('#components canvas', (cs) =>
        cs.map((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]),
      );
      expect(sizes).to.deep.equal([
        [8, 8],
        [8, 8],
        [8, 8],
        [8, 8],
      ]);
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });

  it('the explorer: smaller α, smaller l1 on the sparse-recovery problem, at equal error', async () => {
    const alphas = [0.1, 0.01, 0.001, 0.0001];
    const config = { alphas, backend: 'wasm', maxIter: 20, rank: 8 };
    const { page, errors } = await open('?explore=' + encodeURIComponent(JSON.stringify(config)));
    try {
      const pre = await page.waitForSelector('#nmflow-result', { timeout: 300000 });
      const r = JSON.parse(await pre.innerText());
      expect(r.error, 'explorer error').to.equal(undefined);
      const runs = r.nnls.runs as { alpha: number; l1: number; residual: number }[];
      expect(runs.map((x) => x.alpha)).to.deep.equal(alphas);
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i].l1, `l1 at α ${runs[i].alpha} vs ${runs[i - 1].alpha}`).to.be.below(
          runs[i - 1].l1,
        );
      }
      for (const x of runs) expect(x.residual, `residual at α ${x.alpha}`).to.be.below(1e-4);
      expect(runs.at(-1)!.l1).to.be.below(r.nnls.lawsonHanson.l1);
      const nmf = r.nmf.runs as { relativeError: number; alpha?: number }[];
      expect(nmf).to.have.length(alphas.length + 1);
      for (const x of nmf.slice(1)) expect(x.relativeError).to.be.at.most(r.nmf.targetError);
      expect(await page.locator('#ex-nnls-bars svg').count()).to.equal(alphas.length + 2);
      expect(await page.locator('#ex-nmf-grids canvas').count()).to.equal(8 * (alphas.length + 1));
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });
});
