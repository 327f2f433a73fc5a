import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  comparisonPage,
  factorizationPage,
  imageGrid,
  keyValueTable,
  lineChart,
  renderHtml,
  type LossCurve,
  type ReportPage,
} from '../../src/report';
import { chromiumOrSkip, renderInBrowser } from './browser';

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

const curve = (name: string, rate: number): LossCurve => ({
  name,
  iteration: [0, 10, 20, 30],
  seconds: [0, 0.1, 0.2, 0.3],
  loss: [1, rate, rate ** 2, rate ** 3],
});
const grid = () => imageGrid({ data: new Float32Array(2 * 16).fill(1), shape: [2, 16] }, [4, 4]);

/** The factorization and comparison pages with images and topics. */
function pipelinePages(): string[] {
  const topics = [{ component: 0, words: [{ word: 'union', weight: 2 }] }];
  return [
    factorizationPage({
      title: 'factorize',
      command: 'nmflow factorize --rank 2',
      settings: { rank: 2 },
      metrics: { relativeError: 0.25 },
      curve: curve('anls', 0.5),
      componentsPng: grid(),
      topics,
    }),
    comparisonPage({
      title: 'compare',
      settings: { rank: 2, seeds: 2 },
      table: {
        columns: ['method', 'relative error'],
        rows: [
          ['mu', 0.3],
          ['hals', 0.2],
        ],
      },
      curves: [curve('mu', 0.9), curve('hals', 0.5)],
      methods: [
        { name: 'mu', componentsPng: grid() },
        { name: 'hals', componentsPng: grid(), topics },
      ],
    }),
  ];
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

  it('factorization and comparison pages hold their tables, two curves, images and topics', () => {
    const [single, compare] = pipelinePages();
    for (const html of [single, compare]) {
      expect(html.match(/<svg /g)).to.have.length(2);
      expect(html).to.contain('against iteration');
      expect(html).to.contain('against seconds');
      expect(html).to.contain('>union <span');
    }
    expect(single.match(/<img /g)).to.have.length(1);
    expect(single).to.contain('<td class="num">0.25</td>');
    expect(compare.match(/<img /g)).to.have.length(2);
    expect(compare).to.contain('<figcaption>hals</figcaption>');
    expect(compare).to.contain('>mu</text>');
  });
});

describe('report/renderHtml in a headless browser', function () {
  this.timeout(60000);

  it('loads without console errors and shows its images', async function () {
    const executablePath = chromiumOrSkip(this);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-html-'));
    const files = [renderHtml(samplePage()), ...pipelinePages()].map((html, i) => {
      const file = path.join(dir, `page${i}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    try {
      const { pages, errors } = await renderInBrowser(executablePath, files);
      for (const [i, p] of pages.entries()) {
        expect(p.imageWidths.length, `page ${i} images`).to.be.greaterThan(0);
        expect(
          p.imageWidths.every((w) => w > 0),
          `page ${i} images decoded`,
        ).to.equal(true);
        expect(p.svgWidths.length, `page ${i} charts`).to.be.greaterThan(0);
        expect(
          p.svgWidths.every((w) => w > 0),
          `page ${i} charts laid out`,
        ).to.equal(true);
      }
      expect(errors).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
