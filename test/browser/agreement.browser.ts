/**
 * `npm run test:browser`: the browser bundle (dist/browser/nmflow.esm.js) in headless Chromium
 * (playwright-core, Debian's chromium; skipped with a message where none is installed) on the
 * `webgl` (SwiftShader) and `wasm` backends agrees with Node: the reference jobs of jobs.ts
 * (NNLS objectives, NMF relative errors after a fixed number of iterations) within 1e-4
 * relative, no tensor left behind, no console error on the page.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend';
import { nnls } from '../../src/nnls';
import { factorize } from '../../src/nmf';
import { generateNnlsProblem, generateSwimmer, vectorize } from '../../src/datasets';
import { chromiumOrSkip } from '../report/browser';
import { referenceJobs, type JobLibrary, type JobResults } from './jobs';
import { serveStatic, type StaticServer } from './server';

const ROOT = path.join(__dirname, '..', '..', '..');
const BUNDLE_DIR = path.join(ROOT, 'dist', 'browser');
const PAGE = path.join(ROOT, 'test', 'browser', 'page.html');
const TOLERANCE = 1e-4;

/** |a − b| / max(|b|, tiny): the relative difference to Node's value. */
function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

describe('browser bundle in headless Chromium agrees with Node', function () {
  this.timeout(600000);
  let node: JobResults;
  let server: StaticServer;
  let browser: import('playwright-core').Browser | undefined;
  let executablePath: string;

  before(async function () {
    executablePath = chromiumOrSkip(this);
    if (!fs.existsSync(path.join(BUNDLE_DIR, 'nmflow.esm.js'))) {
      throw new Error('dist/browser/nmflow.esm.js is missing: run `npm run build` first');
    }
    const lib = { initBackend, nnls, factorize, generateNnlsProblem, generateSwimmer, tf };
    node = await referenceJobs({ lib: lib as unknown as JobLibrary });
    server = await serveStatic(BUNDLE_DIR, { 'page.html': PAGE });
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

  it("registers the webgl, wasm and cpu backends and tfjs-core's gradients; vectorizes text", async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(server.url + 'page.html');
      await page.waitForFunction(() => 'nmflow' in window, null, { timeout: 60000 });
      const got = await page.evaluate(() => {
        const { tf } = (
          window as unknown as { nmflow: { tf: typeof import('@tensorflow/tfjs-core') } }
        ).nmflow;
        const x = tf.scalar(3);
        const slope = tf.grad((v: import('@tensorflow/tfjs-core').Tensor) => tf.square(v))(x);
        const value = slope.dataSync()[0];
        tf.dispose([x, slope]);
        return {
          backends: ['webgl', 'wasm', 'cpu'].filter((b) => tf.findBackendFactory(b) !== null),
          slope: value,
        };
      });
      expect(got).to.deep.equal({ backends: ['webgl', 'wasm', 'cpu'], slope: 6 });
      // tf-idf in the page, with the English stop words: Node's vocabulary and values.
      const docs = ['The cat sat on the mat.', 'A dog and a cat', 'dogs chase cats; the end'];
      const inPage = await page.evaluate((d) => {
        const lib = (window as unknown as { nmflow: { vectorize: typeof vectorize } }).nmflow;
        const v = lib.vectorize(d);
        return { vocabulary: v.vocabulary, values: Array.from(v.X.values) };
      }, docs);
      const inNode = vectorize(docs);
      expect(inPage).to.deep.equal({
        vocabulary: inNode.vocabulary,
        values: Array.from(inNode.X.values),
      });
    } finally {
      await page.close();
    }
  });

  for (const backend of ['webgl', 'wasm']) {
    it(`runs NNLS and NMF on ${backend} to Node's results (within ${TOLERANCE})`, async () => {
      const page = await browser!.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      try {
        await page.goto(server.url + 'page.html');
        await page.waitForFunction(() => 'nmflow' in window, null, { timeout: 60000 });
        const start = Date.now();
        const got = await page.evaluate(referenceJobs, { backend });
        console.log(
          `      (${backend}: the jobs took ${((Date.now() - start) / 1000).toFixed(1)} s)`,
        );
        expect(got.backend).to.equal(backend);
        expect(got.leakedTensors, 'tensors left behind in the page').to.equal(0);
        for (const [name, r] of Object.entries(node.nnls)) {
          const d = relativeDifference(got.nnls[name].objective, r.objective);
          expect(d, `nnls ${name}: ${got.nnls[name].objective} vs Node ${r.objective}`).to.be.below(
            TOLERANCE,
          );
        }
        for (const [name, r] of Object.entries(node.nmf)) {
          const d = relativeDifference(got.nmf[name].relativeError, r.relativeError);
          expect(got.nmf[name].iterations).to.equal(r.iterations);
          expect(
            d,
            `nmf ${name}: ${got.nmf[name].relativeError} vs Node ${r.relativeError}`,
          ).to.be.below(TOLERANCE);
        }
        expect(errors, 'console errors on the page').to.deep.equal([]);
      } finally {
        await page.close();
      }
    });
  }
});
