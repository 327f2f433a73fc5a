/**
 * The report.html that `nmflow factorize` writes, opened in headless chromium: it loads
 * without console errors, its component images decode and its charts are laid out.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { chromiumOrSkip, renderInBrowser } from '../report/browser';
import { runJson, tempDir } from './run';

describe('cli: factorize report.html in a headless browser', function () {
  this.timeout(120000);
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it('image and text reports load without console errors and show images, charts, topics', async function () {
    const executablePath = chromiumOrSkip(this);
    const image = path.join(dir, 'swimmer');
    const text = path.join(dir, 'sotu');
    const fit = ['--rank', '4', '--max-iter', '5', '--quiet'];
    runJson(['factorize', '--dataset', 'swimmer', ...fit, '--out', image]);
    runJson(['factorize', '--dataset', 'sotu', '--limit', '40', ...fit, '--out', text]);
    const files = [path.join(image, 'report.html'), path.join(text, 'report.html')];
    const { pages, errors } = await renderInBrowser(executablePath, files);
    expect(errors).to.deep.equal([]);
    const [swimmer, sotu] = pages;
    expect(swimmer.imageWidths.length, 'swimmer images').to.be.greaterThan(0);
    expect(
      swimmer.imageWidths.every((w) => w > 0),
      'swimmer images decoded',
    ).to.equal(true);
    expect(swimmer.text).to.match(/swimmer/);
    expect(sotu.imageWidths, 'sotu has topics, not images').to.deep.equal([]);
    expect(sotu.text).to.match(/Topics/);
    const topics = JSON.parse(fs.readFileSync(path.join(text, 'topics.json'), 'utf8')) as {
      words: { word: string }[];
    }[];
    expect(topics).to.have.length(4);
    for (const t of topics) expect(sotu.text).to.contain(t.words[0].word);
    for (const p of pages) {
      expect(p.svgWidths.length, `${p.file}: charts`).to.be.greaterThan(0);
      expect(
        p.svgWidths.every((w) => w > 0),
        `${p.file}: charts laid out`,
      ).to.equal(true);
      expect(p.text).to.match(/relativeError\s+0\.\d+/);
    }
  });
});
