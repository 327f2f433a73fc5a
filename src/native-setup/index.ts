/**
 * The native setup: `@tensorflow/tfjs-node` (the `tensorflow` backend) built against a
 * TensorFlow you can get with pip, for when tfjs-node's own install fails (its libtensorflow
 * download answers 403 since August 2026, tensorflow/tfjs#8742). Node-only; used by
 * `nmflow setup native` and `npm run setup:native`.
 *
 * Steps: check the platform and the toolchain (C++ compiler, make, Python 3, Node headers);
 * install tfjs-node at nmflow's tfjs version without its install script; take TensorFlow's C
 * library from a source (see tensorflow-source.ts); place it and its headers in tfjs-node's
 * deps/ (staged, then swapped in); patch the binding's source (binding-patch.ts: a napi call of
 * tfjs-node's own off the JavaScript thread); build the binding from source; load it and run a check op. Idempotent: when
 * tfjs-node, patched, already loads and passes the check with the libraries of the source asked
 * for, nothing is done. With `gpu` the same for `@tensorflow/tfjs-node-gpu` (the same binding
 * source), by default from a CUDA-enabled `tensorflow` wheel.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bindingPatched, patchBinding } from './binding-patch';
import { checkPlatform, findNodeHeaders, findPython, findToolchain, setupError } from './toolchain';
import {
  cachedWheel,
  downloadWheel,
  libtensorflowSource,
  pythonTensorFlow,
  stageLibraries,
  wheelRequirement,
  wheelSource,
  type TensorFlowSource,
} from './tensorflow-source';
import {
  buildBinding,
  checkTfjsNode,
  installedTfjsNode,
  installTfjsNode,
  readRecord,
  RECORD_FILE,
  tfjsNodePackage,
  tfjsVersion,
  type SetupRecord,
} from './tfjs-node';

export { TENSORFLOW_VERSION } from './tensorflow-source';

export interface NativeSetupOptions {
  /** A TensorFlow wheel file to take the library from. */
  wheel?: string;
  /** An unpacked official libtensorflow C archive (lib/, include/). */
  libtensorflow?: string;
  /**
   * Set up `@tensorflow/tfjs-node-gpu` (the same binding) instead of tfjs-node, by default
   * from a CUDA-enabled `tensorflow` wheel; the CUDA and cuDNN libraries it loads come from the
   * system or `pip install tensorflow[and-cuda]`.
   */
  gpu?: boolean;
  /** Only report the state; change nothing. */
  check?: boolean;
  /** Redo every step even when the backend already works. */
  force?: boolean;
  /** Where wheels and build logs are kept: default $NMFLOW_CACHE, else ~/.cache/nmflow. */
  cacheDir?: string;
  /** Hears one line per step, as it happens. */
  onProgress?: (line: string) => void;
}

export interface NativeSetupReport {
  /** Whether the `tensorflow` backend loads and passed the check op. */
  ok: boolean;
  /** The package set up or checked: @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu. */
  package: string;
  /** Whether the check op ran on a GPU device (null when it did not run). */
  gpu: boolean | null;
  /** tfjs-node's folder and version, when installed. */
  tfjsNode: { dir: string; version: string } | null;
  /** TensorFlow's version as the loaded library reports it. */
  tensorflow: string | null;
  /** What the libraries came from (this run's or the recorded setup's). */
  source: string | null;
  /** What this run did, one line each (empty for --check and when nothing was needed). */
  actions: string[];
  /** Why the backend does not work, when it does not (--check). */
  problem?: string;
}

/** nmflow's cache folder: $NMFLOW_CACHE, else $XDG_CACHE_HOME/nmflow, else ~/.cache/nmflow. */
export function defaultCacheDir(): string {
  if (process.env.NMFLOW_CACHE) return process.env.NMFLOW_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'nmflow');
}

/**
 * Reports whether the native backend (tfjs-node, or with `gpu` tfjs-node-gpu) is set up and
 * works, changing nothing.
 */
export function checkNative(gpu = false): NativeSetupReport {
  const name = tfjsNodePackage(gpu);
  const pkg = installedTfjsNode(name);
  const base = { package: name, tfjsNode: pkg, actions: [], tensorflow: null, source: null };
  if (!pkg) return { ...base, ok: false, gpu: null, problem: `${name} is not installed` };
  const record = readRecord(pkg.dir);
  const check = checkTfjsNode(pkg.dir);
  const wanted = tfjsVersion();
  const problem =
    pkg.version !== wanted
      ? `${name} is ${pkg.version}, nmflow runs on tfjs ${wanted}`
      : (check.error ??
        (bindingPatched(pkg.dir)
          ? undefined
          : "its binding lacks the setup's fix of tensorflow/tfjs#7719 (napi off the JavaScript thread); run the setup again"));
  return {
    ...base,
    ok: check.ok && !problem,
    gpu: check.gpu ?? null,
    tensorflow: check.tensorflow ?? record?.tensorflow ?? null,
    source: record?.source ?? null,
    ...(problem ? { problem } : {}),
  };
}

/** Sets up the `tensorflow` backend (see the file comment); returns what it found and did. */
export function setupNative(options: NativeSetupOptions = {}): NativeSetupReport {
  if (options.wheel && options.libtensorflow) {
    throw setupError('--wheel and --libtensorflow were both given', 'pass one of them');
  }
  const gpu = options.gpu ?? false;
  if (options.check) return checkNative(gpu);
  const name = tfjsNodePackage(gpu);
  const say = options.onProgress ?? (() => {});
  const actions: string[] = [];
  const did = (line: string) => {
    actions.push(line);
    say(line);
  };
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  checkPlatform();
  // An explicitly given source is checked first: a wrong path is the caller's error.
  const given = options.wheel
    ? wheelSource(options.wheel)
    : options.libtensorflow
      ? libtensorflowSource(options.libtensorflow)
      : null;
  const version = tfjsVersion();
  let pkg = installedTfjsNode(name);
  if (pkg && pkg.version === version && !options.force) {
    const record = readRecord(pkg.dir);
    const sameSource = !given || record?.sourcePath === given.path;
    if (record && sameSource && bindingPatched(pkg.dir)) {
      const check = checkTfjsNode(pkg.dir);
      if (check.ok) {
        say(
          `${name} ${pkg.version} already works with TensorFlow ${check.tensorflow}; nothing to do`,
        );
        return {
          ok: true,
          package: name,
          gpu: check.gpu ?? null,
          tfjsNode: pkg,
          tensorflow: check.tensorflow!,
          source: record.source,
          actions,
        };
      }
    }
  }
  const { cxx } = findToolchain();
  const nodeDir = findNodeHeaders();
  const python = findPython();
  if (!pkg || pkg.version !== version) {
    say(`installing ${name}@${version} (npm install --no-save --ignore-scripts) …`);
    installTfjsNode(version, name);
    pkg = installedTfjsNode(name);
    if (!pkg)
      throw setupError(`${name} is still not resolvable after npm install`, 'run the setup again');
    did(`installed ${name} ${pkg.version} in ${pkg.dir}, its install script disabled`);
  }
  const source = given ?? findSource(python, cacheDir, gpu, say);
  say(`taking TensorFlow from ${source.description} …`);
  const placed = placeDeps(pkg.dir, source, python);
  did(
    `placed TensorFlow ${placed ?? '(version unknown)'}'s C library and headers from ${source.description} in ${path.join(pkg.dir, 'deps')}`,
  );
  patchBinding(pkg.dir);
  did(
    "patched the binding to copy each input array into a tensor TensorFlow owns (its shared-memory form calls napi from TensorFlow's threads: tensorflow/tfjs#7719)",
  );
  say(`building the binding from source (${cxx}, Node headers in ${nodeDir}) …`);
  const start = Date.now();
  const logFile = path.join(cacheDir, `build-${path.basename(name)}.log`);
  buildBinding(pkg.dir, nodeDir, python, logFile);
  did(
    `built tfjs_binding.node in ${((Date.now() - start) / 1000).toFixed(0)} s against the Node ${process.versions.node} headers in ${nodeDir} (log: ${logFile})`,
  );
  const check = checkTfjsNode(pkg.dir);
  if (!check.ok) {
    throw setupError(
      `the built backend does not work: ${check.error}`,
      `see ${logFile}; run with --force to redo every step`,
    );
  }
  const record: SetupRecord = {
    tensorflow: check.tensorflow!,
    source: source.description,
    sourcePath: source.path,
    at: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(pkg.dir, 'deps', RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
  did(
    `checked: the tensorflow backend loads TensorFlow ${check.tensorflow} and computes a matMul correctly` +
      (gpu ? ` (on ${check.gpu ? 'a GPU device' : 'the CPU: no GPU device was found'})` : ''),
  );
  return {
    ok: true,
    package: name,
    gpu: check.gpu ?? null,
    tfjsNode: pkg,
    tensorflow: check.tensorflow!,
    source: source.description,
    actions,
  };
}

/**
 * The default source: the active Python's tensorflow, a cached wheel (with `gpu` a CUDA-enabled
 * one), else pip download.
 */
function findSource(
  python: string,
  cacheDir: string,
  gpu: boolean,
  say: (line: string) => void,
): TensorFlowSource {
  return (
    pythonTensorFlow(python, say) ??
    cachedWheel(cacheDir, gpu) ??
    (say(
      `downloading ${wheelRequirement(gpu)} with pip into ${cacheDir} (${gpu ? 'several hundred' : '≈270'} MB) …`,
    ),
    downloadWheel(python, cacheDir, gpu))
  );
}

/** Fills tfjs-node's deps/ from `source`: staged beside it, then swapped in whole. */
function placeDeps(dir: string, source: TensorFlowSource, python: string): string | null {
  const deps = path.join(dir, 'deps');
  const staging = fs.mkdtempSync(path.join(dir, '.deps-'));
  try {
    const version = stageLibraries(source, staging, python);
    fs.rmSync(deps, { recursive: true, force: true });
    fs.renameSync(staging, deps);
    return version;
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
