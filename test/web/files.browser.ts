/**
 * The playground's file readers in headless Chromium: a .npy and a Matrix Market file written
 * by nmflow's Node writers load in the page with the same shape and values, a malformed CSV
 * fails naming the file and line, and text documents factorize into a topic list.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeNpy } from '../../src/io/npy';
import { writeMatrixMarket } from '../../src/io/mtx';
import { startPlayground, type Playground } from './page';

/** Loads `files` (name → bytes) through the page's `loadFiles` hook; returns shape and values. */
async function loadInPage(
  page: import('playwright-core').Page,
  files: Record<string, Buffer>,
): Promise<{ shape: number[]; values: number[]; vocabulary?: string[] } | { error: string }> {
  const encoded = Object.entries(files).map(([n, b]) => [n, b.toString('base64')]);
  return page.evaluate(async (list) => {
    const hooks = (
      window as unknown as { nmflowPlayground: Record<string, (f: File[]) => unknown> }
    ).nmflowPlayground;
    const files = list.map(
      ([n, b]) => new File([Uint8Array.from(atob(b), (c) => c.charCodeAt(0))], n),
    );
    try {
      const d = (await hooks.loadFiles(files)) as {
        shape: number[];
        X: { data?: Float32Array; values?: Float32Array };
        vocabulary?: string[];
      };
      return {
        shape: d.shape,
        values: Array.from(d.X.data ?? d.X.values!),
        vocabulary: d.vocabulary,
      };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }, encoded);
}

describe('playground file readers in headless Chromium', function () {
  this.timeout(300000);
  let playground: Playground | undefined;
  let tmp: string;

  before(async function () {
    playground = await startPlayground(this);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-files-'));
  });

  after(async () => {
    await playground?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("reads nmflow's .npy and .mtx files; names the file and line of a bad CSV", async () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => (i % 5) * 0.25 + (i === 7 ? 3 : 0));
    await writeNpy(path.join(tmp, 'm.npy'), { data, shape: [3, 4] });
    await writeMatrixMarket(path.join(tmp, 'm.mtx'), { data, shape: [3, 4] });
    const { page, errors } = await playground!.open();
    try {
      for (const name of ['m.npy', 'm.mtx']) {
        const got = await loadInPage(page, { [name]: fs.readFileSync(path.join(tmp, name)) });
        expect(got, name).to.deep.equal({
          shape: [3, 4],
          values: Array.from(data),
          vocabulary: undefined,
        });
      }
      const bad = await loadInPage(page, { 'bad.csv': Buffer.from('a,b\n1,2\n3,x\n') });
      expect(bad).to.deep.equal({ error: 'bad.csv: line 3, field 2: "x" is not a number' });
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });

  it('text documents (given to the loadFiles hook) factorize into a topic list of top terms', async () => {
    const docs: Record<string, Buffer> = {
      'a.txt': Buffer.from('cats purr and cats sleep; kittens purr'),
      'b.txt': Buffer.from('kittens and cats sleep all day, cats purr'),
      'c.txt': Buffer.from('rockets launch into orbit; orbit of rockets'),
      'd.txt': Buffer.from('the rocket reached orbit after launch'),
    };
    const { page, errors, hook } = await playground!.open();
    try {
      const got = await loadInPage(page, docs);
      expect(got).to.have.property('vocabulary').that.includes.members(['cats', 'orbit']);
      await hook('run', { dataset: 'files', rank: 2, maxIter: 50, backend: 'cpu' });
      const topics = await page.$$eval('#components ol.topics li', (li) =>
        li.map((x) => x.textContent!),
      );
      expect(topics).to.have.length(2);
      const cats = topics.findIndex((t) => t.startsWith('cats'));
      expect(cats, topics.join(' | ')).to.be.at.least(0);
      expect(topics[1 - cats], topics.join(' | ')).to.match(/orbit|rockets/);
      expect(errors, 'console errors').to.deep.equal([]);
    } finally {
      await page.close();
    }
  });
});
