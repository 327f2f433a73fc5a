// Writes dist/browser/nmflow.esm.js: src/browser.ts bundled with esbuild for the browser (an
// ES module holding @tensorflow/tfjs-core and its webgl, wasm and cpu backends) and, beside
// it, tfjs-backend-wasm's .wasm binaries, which the bundle finds from its own URL.
//
// The bundle must not import any Node built-in. The plugin below fails the build with the list
// of Node built-ins nmflow's own files in the browser entry's import graph import (module and
// importing file); a package importing one that its `browser` field does not map away fails
// esbuild's own resolution, listed too. (The kernels' thread pool takes worker_threads from the
// Node entry, src/kernels/node-threads.ts, which the browser entry does not import.)
//
//   node scripts/build-browser.mjs                  build (run by `npm run build`)
//   node scripts/build-browser.mjs --check [entry]  bundle in memory only: exit 1 with the list
//                                                   of unresolved Node imports (default entry:
//                                                   src/browser.ts)
import { build } from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(root, 'dist', 'browser');

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The esbuild plugin that finds Node built-ins; `found` collects "module ← importer" lines. */
function nodeBuiltinGuard(found) {
  return {
    name: 'nmflow-node-builtins',
    setup(b) {
      b.onResolve({ filter: /^[a-z_:/]+$/ }, async (args) => {
        // Packages' own imports are esbuild's: it applies their `browser` field (tfjs-core's
        // `util`, seedrandom's `crypto` map to nothing) and fails on any other built-in.
        if (!BUILTINS.has(args.path) || args.importer.includes('node_modules')) return undefined;
        const importer = relative(root, args.importer).split('\\').join('/');
        found.push(`${args.path} ← ${importer}`);
        return { path: args.path, namespace: 'nmflow-missing' };
      });
      // A CommonJS stand-in, so that named imports of it raise no second error.
      b.onLoad({ filter: /.*/, namespace: 'nmflow-missing' }, () => ({
        contents: 'module.exports = {};',
        loader: 'js',
      }));
    },
  };
}

/**
 * src/autodiff.ts requires the CommonJS gradient bundle dist/src/tfjs-gradients.js (see
 * build-gradients.mjs); the browser bundle takes tfjs-core's ES module of the same gradients.
 */
const gradients = {
  name: 'nmflow-gradients',
  setup(b) {
    b.onResolve({ filter: /^\.\/tfjs-gradients\.js$/ }, () => ({
      path: require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js'),
    }));
  },
};

/**
 * Bundles `entry` (TypeScript or JavaScript that imports src/browser.ts or its modules);
 * returns the Node built-ins it reaches (empty when clean) and, when `write`, writes the bundle
 * to `outfile` (default dist/browser/nmflow.esm.js) with the wasm binaries beside it.
 */
export async function bundleBrowser({
  entry = 'src/browser.ts',
  outfile = join(outDir, 'nmflow.esm.js'),
  write = true,
} = {}) {
  const found = [];
  let result;
  try {
    result = await build({
      entryPoints: [resolve(root, entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: write ? 'linked' : false,
      legalComments: 'linked',
      define: { NMFLOW_BUNDLE_URL: 'import.meta.url' },
      plugins: [nodeBuiltinGuard(found), gradients],
      outfile,
      write,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (err) {
    // esbuild's own failures: a package's unresolved import, a syntax error.
    const errors = err.errors ?? [{ text: String(err) }];
    for (const e of errors) found.push(`${e.text}${e.location ? ` (${e.location.file})` : ''}`);
    return { found, metafile: undefined };
  }
  if (write && found.length === 0) {
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    for (const f of readdirSync(join(wasmDir, 'dist')).filter((f) => f.endsWith('.wasm'))) {
      copyFileSync(join(wasmDir, 'dist', f), join(dirname(outfile), f));
    }
  }
  return { found, metafile: result.metafile };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv[2] === '--check';
  const entry = check ? process.argv[3] : undefined;
  if (!check) mkdirSync(outDir, { recursive: true });
  const { found, metafile } = await bundleBrowser({ entry, write: !check });
  if (found.length > 0) {
    process.stderr.write(
      `the browser bundle has unresolved Node imports (${found.length}):\n` +
        found.map((f) => `  ${f}\n`).join(''),
    );
    process.exit(1);
  }
  const bytes = Object.values(metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  process.stdout.write(
    check
      ? `browser bundle: no Node built-in imported (${(bytes / 1e6).toFixed(2)} MB)\n`
      : `wrote dist/browser/nmflow.esm.js (${(bytes / 1e6).toFixed(2)} MB) and the wasm binaries\n`,
  );
}
