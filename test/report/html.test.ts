import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { imageGrid, keyValueTable, lineChart, renderHtml, type ReportPage } from '../../src/report';

/** A page with every kind of block. */
export function samplePage(): ReportPage {
  const data = new Float32Array(4 * 36).map((_, i) => (i * 7) % 11);
  const png = imageGrid({ data, shape: [4, 36] }, [6, 6]);
  const svg = lineChart([{ name: 'loss', x: [1, 2, 3], y: [1, 0.1, 0.01] }], {
    title: 'objective',
    xLabel: 'iteration',
    yLabel: 'loss',
    logY: true,
  });
  return {
    title: 'nmflow <report>',
    subtitle: 'nmflow factorize --rank 4',
    sections: [
      { heading: 'Settings', blocks: [keyValueTable({ rank: 4, solver: 'mu', note: '<b>' })] },
      {
        heading: 'Metrics',
        blocks: [{ kind: 'table', columns: ['method', 'error'], rows: [['mu', 0.123456]] }],
      },
      { heading: 'Curves', blocks: [{ kind: 'svg', svg }] },
      {
        heading: 'Components',
        blocks: [{ kind: 'images', items: [{ caption: 'components', png }] }],
      },
      {
        heading: 'Topics',
        blocks: [
          {
            kind: 'topics',
            topics: [{ component: 0, words: [{ word: 'tax & budget', weight: 0.5 }] }],
          },
        ],
      },
    ],
  };
}

describe('report/renderHtml', () => {
  it('is one self-contained document: inline SVG, PNG data URIs, escaped text, no external refs', () => {
    const html = renderHtml(samplePage());
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(html).to.contain('<title>nmflow &lt;report&gt;</title>');
    expect(html).to.contain('<td>&lt;b&gt;</td>');
    expect(html).to.contain('<td class="num">0.1235</td>');
    expect(html).to.contain('tax &amp; budget');
    expect(html).to.match(/<img alt="components" src="data:image\/png;base64,iVBORw0KGgo/);
    expect(html).to.contain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.to.match(/(src|href)="(?!data:)/);
    expect(html).not.to.contain('<script');
  });
});

/** Debian's chromium, where installed; the browser test is skipped without it. */
function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
}

describe('report/renderHtml in a headless browser', function () {
  this.timeout(60000);

  it('loads without console errors and shows its images', async function () {
    const executablePath = findChromium();
    if (!executablePath) {
      console.log(
        '      (skipped: no chromium installed; `apt-get install chromium` enables this test)',
      );
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-html-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, renderHtml(samplePage()));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto('file://' + file, { waitUntil: 'load' });
      const images = await page.$$eval('img', (imgs) =>
        imgs.map((i) => ({ complete: i.complete, width: i.naturalWidth })),
      );
      const svgBoxes = await page.$$eval('svg', (svgs) =>
        svgs.map((s) => s.getBoundingClientRect().width),
      );
      expect(errors).to.deep.equal([]);
      expect(images).to.have.length(1);
      expect(images[0].complete).to.equal(true);
      expect(images[0].width).to.be.greaterThan(0);
      expect(svgBoxes).to.have.length(1);
      expect(svgBoxes[0]).to.be.greaterThan(0);
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
