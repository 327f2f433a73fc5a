/**
 * Where the native setup takes TensorFlow's C library from, and how it copies it into a folder
 * laid out as tfjs-node's `deps/` expects:
 *
 *     lib/libtensorflow.so.2            the C and eager C API (a wheel's libtensorflow_cc.so.2)
 *     lib/libtensorflow_framework.so.2
 *     lib/libtensorflow_cc.so.2, lib/libtensorflow.so, lib/libtensorflow_framework.so  (links)
 *     include/tensorflow/c/…, tsl/…, xla/tsl/…  (the headers the binding includes)
 *
 * Sources, in the order `nmflow setup native` tries them without an argument: the `tensorflow`
 * package of the active Python, a TensorFlow wheel in nmflow's cache, `pip download
 * tensorflow-cpu==TENSORFLOW_VERSION --no-deps` into the cache. Or given: a wheel file, or an
 * official libtensorflow C archive unpacked (its lib/ and include/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from '../errors';
import { run, tail } from './exec';
import { elfArch, setupError, WHEEL_ARCH } from './toolchain';

/** The TensorFlow release whose CPU wheel the setup downloads when it finds none. */
export const TENSORFLOW_VERSION = '2.21.0';

/** The header folders (under include/) that tfjs-node's binding needs, ≈6 MB of the 270. */
const INCLUDE_PREFIXES = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/', 'xla/tsl/'];

export interface TensorFlowSource {
  kind: 'python' | 'wheel' | 'libtensorflow';
  /** The wheel file, or the folder holding the libraries. */
  path: string;
  /** TensorFlow's version when known before loading (package metadata or file name). */
  version: string | null;
  /** One line for the report, e.g. "the tensorflow 2.21.0 package of python3". */
  description: string;
}

/**
 * The `tensorflow` package of `python` when it has one with the C library beside it
 * (libtensorflow_cc.so.2 and libtensorflow_framework.so.2, TensorFlow ≥ 2.x wheels); null
 * otherwise. `note` hears why a package that exists was passed over.
 */
export function pythonTensorFlow(python: string, note: (line: string) => void) {
  const script = [
    'import importlib.util, importlib.metadata, json, os',
    "spec = importlib.util.find_spec('tensorflow')",
    'folder = os.path.dirname(spec.origin) if spec and spec.origin else None',
    'version = None',
    "for name in ('tensorflow', 'tensorflow-cpu', 'tensorflow-intel', 'tf-nightly'):",
    '    try:',
    '        version = importlib.metadata.version(name); break',
    '    except Exception: pass',
    "print(json.dumps({'folder': folder, 'version': version}))",
  ].join('\n');
  const r = run(python, ['-c', script], { timeoutMs: 60000 });
  if (r.code !== 0) return null;
  const found = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    folder: string | null;
    version: string | null;
  };
  if (!found.folder) return null;
  const missing = missingFiles(
    found.folder,
    'libtensorflow_cc.so.2',
    'libtensorflow_framework.so.2',
    'include',
  );
  if (missing) {
    note(`passed over ${python}'s tensorflow package in ${found.folder}: ${missing}`);
    return null;
  }
  return {
    kind: 'python',
    path: found.folder,
    version: found.version,
    description: `the tensorflow ${found.version ?? ''} package of ${python} (${found.folder})`,
  } satisfies TensorFlowSource;
}

/**
 * A TensorFlow wheel for this CPU in `cacheDir`, the pinned version first; null if none. With
 * `gpu` only the CUDA-enabled `tensorflow` wheels count (not `tensorflow_cpu`).
 */
export function cachedWheel(cacheDir: string, gpu = false): TensorFlowSource | null {
  if (!fs.existsSync(cacheDir)) return null;
  const arch = WHEEL_ARCH[process.arch]!;
  const name = gpu ? /^tensorflow-\d.*\.whl$/ : /^(tensorflow|tf_nightly)[_a-z]*-.*\.whl$/;
  const wheels = fs
    .readdirSync(cacheDir)
    .filter((f) => name.test(f) && f.includes(arch))
    .sort(
      (a, b) =>
        Number(b.includes(`-${TENSORFLOW_VERSION}-`)) -
          Number(a.includes(`-${TENSORFLOW_VERSION}-`)) || b.localeCompare(a),
    );
  return wheels.length ? wheelSource(path.join(cacheDir, wheels[0]), "in nmflow's cache") : null;
}

/** The wheel file `file` as a source (checked to exist; its contents are checked on use). */
export function wheelSource(file: string, where = ''): TensorFlowSource {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw usageError(`--wheel ${file}: no such file`);
  }
  const version = /^[^-]+-([^-]+)-/.exec(path.basename(file))?.[1] ?? null;
  return {
    kind: 'wheel',
    path: path.resolve(file),
    version,
    description: `the wheel ${path.basename(file)}${where ? ' ' + where : ''}`,
  };
}

/** The pip requirement the setup downloads: the CPU wheel, or with `gpu` the CUDA-enabled one. */
export function wheelRequirement(gpu = false): string {
  return `${gpu ? 'tensorflow' : 'tensorflow-cpu'}==${TENSORFLOW_VERSION}`;
}

/** `pip download <wheelRequirement(gpu)> --no-deps` into `cacheDir`. */
export function downloadWheel(python: string, cacheDir: string, gpu = false): TensorFlowSource {
  if (process.arch !== 'x64' && !gpu) {
    throw setupError(
      `tensorflow-cpu publishes wheels for x86_64 only, this CPU is ${process.arch}`,
      `download a TensorFlow wheel for it (e.g. \`pip download tensorflow==${TENSORFLOW_VERSION} ` +
        '--no-deps`) and pass it with --wheel FILE, or pass an unpacked libtensorflow archive ' +
        'with --libtensorflow DIR',
    );
  }
  const pip = run(python, ['-m', 'pip', '--version'], { timeoutMs: 60000 });
  if (pip.code !== 0) {
    throw setupError(
      `${python} has no pip (needed to download TensorFlow)`,
      `install it (\`${python} -m ensurepip\` or \`apt-get install python3-pip\`), or download ` +
        `the wheel of ${wheelRequirement(gpu)} elsewhere and pass --wheel FILE`,
    );
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const before = new Set(fs.readdirSync(cacheDir));
  const spec = wheelRequirement(gpu);
  const r = run(python, [
    '-m',
    'pip',
    'download',
    spec,
    '--no-deps',
    '--only-binary=:all:',
    '-d',
    cacheDir,
  ]);
  if (r.code !== 0) {
    throw setupError(
      `\`pip download ${spec} --no-deps\` failed (${tail(r.stderr || r.stdout, 2)})`,
      "check pip's index settings (pip config list), or download the wheel elsewhere and pass " +
        '--wheel FILE',
    );
  }
  const wheel = fs.readdirSync(cacheDir).find((f) => !before.has(f) && f.endsWith('.whl'));
  const found = wheel ? wheelSource(path.join(cacheDir, wheel)) : cachedWheel(cacheDir, gpu);
  if (!found)
    throw setupError(`pip download ${spec} left no wheel in ${cacheDir}`, 'pass --wheel FILE');
  return { ...found, description: `${found.description}, downloaded by pip into ${cacheDir}` };
}

/** An unpacked official libtensorflow C archive: DIR/lib/libtensorflow.so.2 and DIR/include. */
export function libtensorflowSource(dir: string): TensorFlowSource {
  const missing = missingFiles(
    path.join(dir, 'lib'),
    'libtensorflow.so.2',
    'libtensorflow_framework.so.2',
  );
  if (missing || !fs.existsSync(path.join(dir, 'include', 'tensorflow', 'c', 'c_api.h'))) {
    throw usageError(
      `--libtensorflow ${dir}: expected lib/libtensorflow.so.2, lib/libtensorflow_framework.so.2 ` +
        'and include/tensorflow/c/c_api.h (an unpacked libtensorflow-cpu-linux-*.tar.gz)',
    );
  }
  const versioned = fs
    .readdirSync(path.join(dir, 'lib'))
    .map((f) => /^libtensorflow\.so\.(\d+\.\d+\.\d+)$/.exec(f)?.[1])
    .find(Boolean);
  return {
    kind: 'libtensorflow',
    path: path.resolve(dir),
    version: versioned ?? null,
    description: `the libtensorflow archive in ${dir}`,
  };
}

/** `folder` missing one of `names` (say which), or null when all are there. */
function missingFiles(folder: string, ...names: string[]): string | null {
  const missing = names.filter((n) => !fs.existsSync(path.join(folder, n)));
  return missing.length ? `no ${missing.join(', ')} in ${folder}` : null;
}

/**
 * Fills the empty folder `deps` (lib/, include/, as in the file comment) from `source`;
 * returns the version read from the wheel's metadata when there was one.
 */
export function stageLibraries(
  source: TensorFlowSource,
  deps: string,
  python: string | null,
): string | null {
  const lib = path.join(deps, 'lib');
  const include = path.join(deps, 'include');
  fs.mkdirSync(lib, { recursive: true });
  let version = source.version;
  if (source.kind === 'wheel') {
    if (!python) throw setupError('no Python 3 to unpack the wheel', 'install python3');
    version = extractWheel(python, source.path, deps) ?? version;
  } else {
    const [libDir, incDir, cApi] =
      source.kind === 'python'
        ? [source.path, path.join(source.path, 'include'), 'libtensorflow_cc.so.2']
        : [path.join(source.path, 'lib'), path.join(source.path, 'include'), 'libtensorflow.so.2'];
    linkOrCopy(path.join(libDir, cApi), path.join(lib, 'libtensorflow.so.2'));
    linkOrCopy(
      path.join(libDir, 'libtensorflow_framework.so.2'),
      path.join(lib, 'libtensorflow_framework.so.2'),
    );
    for (const prefix of INCLUDE_PREFIXES) {
      const from = path.join(incDir, prefix);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(include, prefix), { recursive: true });
    }
  }
  const arch = elfArch(path.join(lib, 'libtensorflow.so.2'));
  if (arch !== process.arch) {
    throw setupError(
      `${source.description} holds a library for ${arch ?? 'another platform (not ELF)'}, this machine is ${process.arch}`,
      `use a TensorFlow wheel built for Linux ${WHEEL_ARCH[process.arch]} (its name ends in _${WHEEL_ARCH[process.arch]}.whl)`,
    );
  }
  // The binding links -ltensorflow (libtensorflow.so) and records the library's own soname.
  fs.symlinkSync('libtensorflow.so.2', path.join(lib, 'libtensorflow_cc.so.2'));
  fs.symlinkSync('libtensorflow.so.2', path.join(lib, 'libtensorflow.so'));
  fs.symlinkSync('libtensorflow_framework.so.2', path.join(lib, 'libtensorflow_framework.so'));
  return version;
}

/** A hard link where the file system allows it (no copy of 850 MB), else a copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/**
 * Unpacks the C library and the needed headers of a TensorFlow wheel into `deps` with Python's
 * zipfile (streamed: the library is 790 MB); returns the version from its .dist-info folder.
 * Fails, naming the fix, when the wheel lacks the C API (libtensorflow_cc.so.2 with the eager
 * C API headers: TensorFlow 2.x wheels for Linux have them).
 */
function extractWheel(python: string, wheel: string, deps: string): string | null {
  const script = `
import json, os, re, shutil, sys, zipfile
wheel, deps, prefixes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
want = {'tensorflow/libtensorflow_cc.so.2': 'lib/libtensorflow.so.2',
        'tensorflow/libtensorflow_framework.so.2': 'lib/libtensorflow_framework.so.2'}
inc = 'tensorflow/include/'
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    needed = list(want) + [inc + 'tensorflow/c/c_api.h', inc + 'tensorflow/c/eager/c_api.h']
    missing = [n for n in needed if n not in names]
    if missing:
        print(json.dumps({'missing': missing})); sys.exit(0)
    version = None
    for n in names:
        m = re.match(r'[^/]+-([^-/]+)\\.dist-info/', n)
        if m: version = m.group(1); break
    for n in names:
        if n.endswith('/'): continue
        if n in want: target = want[n]
        elif n.startswith(inc) and any(n[len(inc):].startswith(p) for p in prefixes):
            target = 'include/' + n[len(inc):]
        else: continue
        target = os.path.join(deps, target)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(n) as src, open(target, 'wb') as out: shutil.copyfileobj(src, out, 1 << 22)
    print(json.dumps({'version': version}))
`;
  const r = run(python, ['-c', script, wheel, deps, JSON.stringify(INCLUDE_PREFIXES)]);
  if (r.code !== 0) {
    throw setupError(
      `could not unpack ${wheel} (${tail(r.stderr, 2)})`,
      'check the file (a complete .whl download?) or pass another with --wheel',
    );
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    missing?: string[];
    version?: string | null;
  };
  if (out.missing) {
    throw setupError(
      `${path.basename(wheel)} has no TensorFlow C API (missing ${out.missing.join(', ')})`,
      `use a TensorFlow 2 wheel for Linux, e.g. \`pip download tensorflow-cpu==${TENSORFLOW_VERSION} --no-deps\``,
    );
  }
  return out.version ?? null;
}
