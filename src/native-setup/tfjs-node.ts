/**
 * The `@tensorflow/tfjs-node` package (or `@tensorflow/tfjs-node-gpu`, the same binding for a
 * CUDA-enabled TensorFlow) as the native setup handles it: installed at the tfjs
 * version nmflow uses with its install script disabled (the script downloads libtensorflow
 * from a server that no longer serves it), its `deps/` filled from a TensorFlow source, its
 * binding built from source by node-pre-gyp against the local Node headers, then loaded in a
 * child process that runs a check op (a crash there cannot take the setup down with it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { NmflowError } from '../errors';
import { run, tail } from './exec';
import { findNodeGyp, setupError } from './toolchain';

export const TFJS_NODE = '@tensorflow/tfjs-node';
/** The same binding, built against a CUDA-enabled TensorFlow (`nmflow setup native --gpu`). */
export const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';

/** The package the setup builds: tfjs-node-gpu with `gpu`, else tfjs-node. */
export function tfjsNodePackage(gpu = false): string {
  return gpu ? TFJS_NODE_GPU : TFJS_NODE;
}

/** The record the setup leaves in tfjs-node's deps/ folder. */
export interface SetupRecord {
  /** TensorFlow's version, as its library reports it. */
  tensorflow: string;
  /** Where the libraries came from (TensorFlowSource.description) and its path. */
  source: string;
  sourcePath: string;
  /** ISO time of the setup. */
  at: string;
}

export const RECORD_FILE = 'nmflow-setup.json';

/** nmflow's package folder (dist/src/native-setup → the root), where tfjs-node is resolved. */
export function nmflowRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

/** The tfjs version nmflow runs on (tfjs-node must match it). */
export function tfjsVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;
}

/** The installed package `name` as nmflow resolves it: its folder and version; null if absent. */
export function installedTfjsNode(name = TFJS_NODE): { dir: string; version: string } | null {
  try {
    const pkg = require.resolve(`${name}/package.json`, { paths: [nmflowRoot()] });
    const { version } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string };
    return { dir: path.dirname(pkg), version };
  } catch {
    return null;
  }
}

/**
 * `npm install --no-save --ignore-scripts <name>@version` (name: tfjs-node or tfjs-node-gpu):
 * package.json and package-lock.json stay as they are (tfjs-node is an optional dependency
 * there, at the same version), so `npm ci` keeps working for everyone; `npm ci` removes
 * node_modules, and with it this install, so the setup is run again after it (it is
 * idempotent). Where nmflow is itself installed in a project's node_modules, npm runs in that
 * project.
 */
export function installTfjsNode(version: string, name = TFJS_NODE): void {
  const root = nmflowRoot();
  const marker = `${path.sep}node_modules${path.sep}`;
  const cwd = root.includes(marker) ? root.slice(0, root.indexOf(marker)) : root;
  const npmCli = process.env.npm_execpath;
  const [cmd, pre] =
    npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
  const args = [
    ...pre,
    'install',
    '--no-save',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    `${name}@${version}`,
  ];
  const r = run(cmd, args, { cwd });
  if (r.code !== 0) {
    throw setupError(
      `\`npm ${args.slice(pre.length).join(' ')}\` in ${cwd} failed (${r.error ?? tail(r.stderr, 2)})`,
      'check that npm can reach its registry (npm ping), then run the setup again',
    );
  }
}

/**
 * Builds `lib/napi-v*\/tfjs_binding.node` in tfjs-node's folder with `node-pre-gyp install
 * --build-from-source` against the Node headers in `nodeDir`; the output goes to `logFile`.
 * A failure names its likely fix from the log.
 */
export function buildBinding(dir: string, nodeDir: string, python: string, logFile: string): void {
  const preGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [dir] });
  fs.rmSync(path.join(dir, 'build'), { recursive: true, force: true });
  fs.rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
  const nodeGyp = findNodeGyp();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_nodedir: nodeDir,
    npm_config_python: python,
    PYTHON: python,
    ...(nodeGyp ? { npm_config_node_gyp: nodeGyp } : {}),
    JOBS: process.env.JOBS ?? 'max',
  };
  const r = run(process.execPath, [preGyp, 'install', '--build-from-source'], { cwd: dir, env });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `${r.stdout}\n${r.stderr}`);
  if (r.code === 0) return;
  const log = r.stdout + r.stderr;
  const problem = `building tfjs-node's binding failed (log: ${logFile})`;
  if (/undefined reference to `TFE?_/.test(log)) {
    throw setupError(
      `${problem}: the TensorFlow library lacks the C API symbols the binding calls`,
      'use a TensorFlow 2 wheel for Linux (its libtensorflow_cc.so.2 exports them) or an official libtensorflow archive',
    );
  }
  if (/fatal error: .*(node_api|node)\.h/.test(log) || /common\.gypi/.test(log)) {
    throw setupError(
      `${problem}: Node's headers were not usable (${nodeDir})`,
      'install the Node.js development headers for this Node version and set npm_config_nodedir',
    );
  }
  if (/fatal error: .*\.h: No such file/.test(log)) {
    throw setupError(
      `${problem}: a TensorFlow header is missing (${tail(log.match(/fatal error: .*/)![0], 1)})`,
      'use a TensorFlow 2 wheel whose tensorflow/include has tensorflow/c and tsl',
    );
  }
  if (/(not found|No such file).*(g\+\+|c\+\+|make|cc1plus)/.test(log)) {
    throw setupError(
      `${problem}: no C++ compiler`,
      'install build-essential (or gcc-c++ and make)',
    );
  }
  throw new NmflowError('runtime', `${problem}: ${tail(log, 3)}`);
}

export interface CheckResult {
  ok: boolean;
  /** TensorFlow's version, from the loaded library. */
  tensorflow?: string;
  /** Whether the backend runs on a GPU device (tfjs-node's isUsingGpuDevice). */
  gpu?: boolean;
  /** Why it failed, when it did. */
  error?: string;
}

/**
 * Loads tfjs-node from `dir` in a child Node process (TensorFlow's logs silenced), activates
 * the `tensorflow` backend and checks a 2 × 2 matMul against its known product.
 */
export function checkTfjsNode(dir: string): CheckResult {
  const script = `
const tf = require(${JSON.stringify(dir)});
tf.setBackend('tensorflow').then(() => {
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const p = Array.from(tf.matMul(a, a).dataSync());
  const ok = tf.getBackend() === 'tensorflow' && p.join() === '7,10,15,22';
  const b = tf.backend();
  process.stdout.write(JSON.stringify({ ok, product: p, tensorflow: b.binding.TF_Version, gpu: b.isUsingGpuDevice === true }));
});`;
  const r = run(process.execPath, ['-e', script], {
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', TF_ENABLE_ONEDNN_OPTS: '0' },
    timeoutMs: 120000,
  });
  if (r.code !== 0) {
    const line = /Error: (.*)/.exec(r.stderr)?.[1] ?? tail(r.stderr || r.error || '', 1);
    return { ok: false, error: `loading it failed: ${line}` };
  }
  const out = JSON.parse(r.stdout) as {
    ok: boolean;
    product: number[];
    tensorflow: string;
    gpu: boolean;
  };
  return out.ok
    ? { ok: true, tensorflow: out.tensorflow, gpu: out.gpu }
    : {
        ok: false,
        tensorflow: out.tensorflow,
        error: `the check op gave [${out.product}], not [7,10,15,22]`,
      };
}

/** The setup record in tfjs-node's deps/, or null. */
export function readRecord(dir: string): SetupRecord | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'deps', RECORD_FILE), 'utf8')) as SetupRecord;
  } catch {
    return null;
  }
}
