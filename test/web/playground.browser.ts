/**
 * The playground (dist/web, `npm run build:web`) in headless Chromium (skipped with a message
 * where none is installed): the page loads with no console error, and `?run=<JSON>` fits
 * Swimmer at rank 16 on `webgl` and `wasm` to Node's relative error (within 1e-4) and writes
 * the result into `<pre id="nmflow-result">`; the same job through
 * `window.nmflowPlayground.run` draws the 16 components.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { factorize } from '../../src/nmf';
import { generateSwimmer } from '../../src/datasets';
import { chromiumOrSkip } from '../report/browser';
import { serveStatic, type StaticServer } from '../browser/server';

const WEB = path.join(__dirname, '..', '..', '..', 'dist', 'web');
/** The job, as factorize options (the playground's config adds `dataset` and `backend`). */
const FIT = { rank: 16, solver: 'hals' as const, maxIter: 30, tol: 0, seed: 0 };
const JOB = { dataset: 'swimmer', ...FIT };
const TOLERANCE = 1e-4;

describe('playground in headless Chromium', function () {
  this.timeout(600000);
  let server: StaticServer;
  let browser: import('playwright-core').Browser | undefined;
  let nodeError: number;

  before(async function () {
    const executablePath = chromiumOrSkip(this);
    if (!fs.existsSync(path.join(WEB, 'index.html'))) {
      throw new Error('dist/web/index.html is missing: run `npm run build:web` first');
    }
    const r = await factorize(generateSwimmer().X, FIT);
    r.W.dispose();
    r.H.dispose();
    nodeError = r.relativeError;
    server = await serveStatic(WEB);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `query` on the playground; returns the page and its console errors. */
  async function open(query = '') {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(server.url + 'index.html' + query);
    return { page, errors };
  }

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
        expect(errors, 'console errors').to.deep.equal([]);
      } finally {
        await page.close();
      }
    });
  }

  it('loads without console errors; the run hook draws the components', async () => {
    const { page, errors } = await open();
    try {
      await page.waitForFunction(() => 'nmflowPlayground' in window);
      const result = await page.evaluate(
        (job) =>
          (
            window as unknown as { nmflowPlayground: { run(c: object): Promise<unknown> } }
          ).nmflowPlayground.run({ ...job, maxIter: 5, backend: 'cpu' }),
        JOB,
      );
      expect(result).to.include({ iterations: 5, backend: 'cpu' });
      expect(await page.locator('#components canvas').count()).to.equal(16);
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });
});
