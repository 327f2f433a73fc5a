/**
 * The playground tests' browser: headless Chromium (skipped with a message where none is
 * installed) on a static server of dist/web; `open` gives a page, its console errors (and
 * failed requests, and any request outside dist/web) and a caller of
 * `window.nmflowPlayground`'s hooks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromiumOrSkip } from '../report/browser';
import { serveStatic, type StaticServer } from '../browser/server';

const WEB = path.join(__dirname, '..', '..', '..', 'dist', 'web');

/** Calls hook `name` of `window.nmflowPlayground` with `arg` in the page. */
export type Hook = (name: string, arg: unknown) => Promise<unknown>;

export interface Playground {
  open(query?: string): Promise<{
    page: import('playwright-core').Page;
    errors: string[];
    hook: Hook;
  }>;
  close(): Promise<void>;
}

/** Starts the server and the browser (skipping `test` without chromium). */
export async function startPlayground(test: Mocha.Context): Promise<Playground> {
  const executablePath = chromiumOrSkip(test);
  if (!fs.existsSync(path.join(WEB, 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` first');
  }
  const server: StaticServer = await serveStatic(WEB);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  return {
    async open(query = '') {
      const page = await browser.newPage({ acceptDownloads: true });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      // Works without network: nothing is fetched from outside dist/web.
      page.on('request', (r) => {
        const url = r.url();
        if (!/^(data|blob):/.test(url) && !url.startsWith(server.url)) {
          errors.push(`request outside dist/web: ${url}`);
        }
      });
      await page.goto(server.url + 'index.html' + query);
      await page.waitForFunction(() => 'nmflowPlayground' in window);
      const hook: Hook = (name, arg) =>
        page.evaluate(
          ([n, a]) =>
            (
              window as unknown as { nmflowPlayground: Record<string, (x: unknown) => unknown> }
            ).nmflowPlayground[n as string](a),
          [name, arg] as const,
        );
      return { page, errors, hook };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
