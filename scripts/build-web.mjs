// Writes dist/web/: the playground (web/) as a static site that works from any static server
// and without network: index.html, style.css, playground.js (web/main.ts bundled with nmflow's
// browser build, checked for Node built-ins like it), the wasm backend's binaries and the MNIST
// sample (mnist-sample.bin, from the `mnist` package: build-web-mnist.mjs).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { bundleBrowser } from './build-browser.mjs';
import { writeMnistSample } from './build-web-mnist.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'web');
mkdirSync(outDir, { recursive: true });
const { found, metafile } = await bundleBrowser({
  entry: 'web/main.ts',
  outfile: join(outDir, 'playground.js'),
});
if (found.length > 0) {
  process.stderr.write(`the playground has unresolved imports:\n${found.join('\n')}\n`);
  process.exit(1);
}
for (const f of ['index.html', 'style.css']) copyFileSync(join(root, 'web', f), join(outDir, f));
const digits = writeMnistSample(root, join(outDir, 'mnist-sample.bin'));
const bytes = Object.values(metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
process.stdout.write(
  `wrote dist/web/ (playground.js ${(bytes / 1e6).toFixed(2)} MB, ${digits} MNIST digits)\n`,
);
