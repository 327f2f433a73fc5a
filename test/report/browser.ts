/**
 * Opens HTML files in Debian's headless chromium (playwright-core) and reports what a reader
 * would see: console errors, decoded image widths, laid-out chart widths. Tests skip with a
 * message where no browser is installed.
 */
import * as fs from 'fs';

/** Debian's chromium, where installed. */
export function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
}

/** Skips the running test (with a message) when no chromium is installed; else its path. */
export function chromiumOrSkip(test: Mocha.Context): string {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log(
      '      (skipped: no chromium installed; `apt-get install chromium` enables this test)',
    );
    test.skip();
  }
  return executablePath!;
}

export interface RenderedPage {
  file: string;
  /** naturalWidth of every <img> (0: not decoded). */
  imageWidths: number[];
  /** On-screen width of every <svg>. */
  svgWidths: number[];
  /** Text of the page body. */
  text: string;
}

/** Loads each of `files` in one headless page; `errors` collects console errors of all. */
export async function renderInBrowser(
  executablePath: string,
  files: string[],
): Promise<{ pages: RenderedPage[]; errors: string[] }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const pages: RenderedPage[] = [];
    for (const file of files) {
      await page.goto('file://' + file, { waitUntil: 'load' });
      pages.push({
        file,
        imageWidths: await page.$$eval('img', (imgs) =>
          imgs.map((img) => (img.complete ? img.naturalWidth : 0)),
        ),
        svgWidths: await page.$$eval('svg', (svgs) =>
          svgs.map((svg) => svg.getBoundingClientRect().width),
        ),
        text: await page.innerText('body'),
      });
    }
    return { pages, errors };
  } finally {
    await browser.close();
  }
}
