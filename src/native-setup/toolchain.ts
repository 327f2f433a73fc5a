/**
 * What building tfjs-node's binding needs on this machine, each found or reported with its fix:
 * Linux on x64 or arm64, a C++ compiler and make, Python 3 (node-gyp is written in Python;
 * pip downloads the wheel) and the headers of the running Node.js.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NmflowError } from '../errors';
import { run, which } from './exec';

/** A missing prerequisite: `problem: fix`, a runtime failure (exit code 1 in the CLI). */
export function setupError(problem: string, fix: string): NmflowError {
  return new NmflowError('runtime', `${problem}: ${fix}`);
}

/** The wheel's platform tag for each CPU architecture the setup knows. */
export const WHEEL_ARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
};

/** Fails unless this is Linux on a CPU that TensorFlow publishes wheels for. */
export function checkPlatform(): void {
  if (process.platform !== 'linux') {
    throw setupError(
      `the native setup supports Linux only (this is ${process.platform})`,
      'on macOS and Windows install @tensorflow/tfjs-node the usual way, or use the wasm backend',
    );
  }
  if (!WHEEL_ARCH[process.arch]) {
    throw setupError(
      `no TensorFlow build for this CPU architecture (${process.arch})`,
      'use the wasm backend (--backend wasm)',
    );
  }
}

/** The C++ compiler (CXX, else c++, g++ or clang++) and make; fails naming how to install them. */
export function findToolchain(): { cxx: string; make: string } {
  const cxx = [process.env.CXX, 'c++', 'g++', 'clang++']
    .filter((c): c is string => !!c)
    .map((c) => which(c.split(' ')[0]))
    .find((c) => c !== null);
  const make = which('make');
  if (!cxx || !make) {
    const missing = [!cxx && 'a C++ compiler', !make && 'make'].filter(Boolean).join(' and ');
    throw setupError(
      `no C++ toolchain (${missing} not found on PATH)`,
      'install one, e.g. `apt-get install build-essential` (Debian, Ubuntu), ' +
        '`dnf install gcc-c++ make` (Fedora), `apk add build-base` (Alpine)',
    );
  }
  return { cxx, make };
}

/** Python 3: $NMFLOW_PYTHON, $PYTHON, python3 or python, the first that runs and is ≥ 3. */
export function findPython(): string {
  const candidates = [process.env.NMFLOW_PYTHON, process.env.PYTHON, 'python3', 'python'];
  for (const c of candidates) {
    if (!c) continue;
    const r = run(c, ['-c', 'import sys; print(sys.version_info[0])'], { timeoutMs: 60000 });
    if (r.code === 0 && Number(r.stdout.trim()) >= 3) return c;
  }
  throw setupError(
    'no Python 3 found (tried $NMFLOW_PYTHON, $PYTHON, python3, python)',
    'node-gyp needs it to build the binding and pip to download TensorFlow: install python3 ' +
      'with pip (e.g. `apt-get install python3 python3-pip`), or set NMFLOW_PYTHON to one',
  );
}

/** Whether `dir` holds Node's headers as node-gyp wants them (include/node/…). */
function hasNodeHeaders(dir: string): boolean {
  const inc = path.join(dir, 'include', 'node');
  return ['node_api.h', 'common.gypi'].every((f) => fs.existsSync(path.join(inc, f)));
}

/**
 * The folder with the running Node's headers (`include/node/node_api.h`), for
 * npm_config_nodedir: $npm_config_nodedir, Node's own install prefix (they come with Node's
 * binary distributions and most packages), or node-gyp's download cache. Nothing is downloaded.
 */
export function findNodeHeaders(): string {
  const version = process.versions.node;
  const candidates = [
    process.env.npm_config_nodedir,
    path.resolve(path.dirname(process.execPath), '..'),
    path.join(os.homedir(), '.cache', 'node-gyp', version),
    path.join(os.homedir(), '.node-gyp', version),
  ];
  const found = candidates.find((d) => d && hasNodeHeaders(d));
  if (found) return found;
  throw setupError(
    `no headers for Node.js ${version} (include/node/node_api.h and common.gypi, looked in ` +
      `${candidates.filter(Boolean).join(', ')})`,
    "install your distribution's Node.js development package (e.g. `apt-get install " +
      `libnode-dev\`), or unpack node-v${version}-headers.tar.gz from nodejs.org and set ` +
      'npm_config_nodedir to that folder',
  );
}

/** npm's node-gyp (bundled with npm beside node), for npm_config_node_gyp; null if not found. */
export function findNodeGyp(): string | null {
  const npmCli = process.env.npm_execpath;
  const candidates = [
    npmCli &&
      path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

/** The CPU architecture of an ELF shared library (from its header), or null if not ELF. */
export function elfArch(file: string): NodeJS.Architecture | 'other' | null {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) return null;
  const machine = header.readUInt16LE(18);
  return machine === 62 ? 'x64' : machine === 183 ? 'arm64' : 'other';
}
