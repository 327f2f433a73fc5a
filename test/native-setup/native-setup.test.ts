/**
 * The native setup's failures each name their fix (src/native-setup): a missing wheel or
 * libtensorflow folder, a library for another CPU, a wheel without the C API, no C++
 * toolchain, no Node headers; and the fix it applies to tfjs-node's binding source. The success
 * path (pip, the 790 MB library, a 20 s build) runs in CI (.ci/run), not here.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expect } from 'chai';
import { NmflowError } from '../../src/errors';
import {
  cachedWheel,
  libtensorflowSource,
  stageLibraries,
  TENSORFLOW_VERSION,
  wheelRequirement,
  wheelSource,
} from '../../src/native-setup/tensorflow-source';
import { elfArch, findNodeHeaders, findToolchain } from '../../src/native-setup/toolchain';
import { setupNative } from '../../src/native-setup';
import { patchedSource } from '../../src/native-setup/binding-patch';

/** A file that starts like an ELF shared library for `machine` (62 x86-64, 183 aarch64). */
function fakeElf(file: string, machine: number): void {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header.writeUInt16LE(machine, 18);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, header);
}

function thrown(f: () => unknown): NmflowError {
  try {
    f();
  } catch (err) {
    expect(err).to.be.instanceOf(NmflowError);
    return err as NmflowError;
  }
  throw new Error('expected a failure');
}

/** With PATH and some variables changed for the duration of `f`. */
function withEnv<T>(vars: Record<string, string | undefined>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('native setup: failures name their fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-native-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing --wheel file is a usage error naming the option and the path', () => {
    const err = thrown(() => wheelSource(path.join(dir, 'nope.whl')));
    expect(err.kind).to.equal('usage');
    expect(err.message).to.match(/^--wheel .*nope\.whl: no such file$/);
  });

  it('--libtensorflow without lib/ and include/ says which files it expects', () => {
    const err = thrown(() => libtensorflowSource(dir));
    expect(err.kind).to.equal('usage');
    expect(err.message)
      .to.contain('lib/libtensorflow.so.2')
      .and.contain('include/tensorflow/c/c_api.h');
  });

  it('reads the CPU architecture of an ELF header', () => {
    fakeElf(path.join(dir, 'a.so'), 62);
    fakeElf(path.join(dir, 'b.so'), 183);
    fakeElf(path.join(dir, 'c.so'), 40);
    fs.writeFileSync(path.join(dir, 'd.so'), 'not an ELF file at all');
    expect(['a', 'b', 'c', 'd'].map((f) => elfArch(path.join(dir, `${f}.so`)))).to.deep.equal([
      'x64',
      'arm64',
      'other',
      null,
    ]);
  });

  it('a library for another CPU architecture is refused, naming the wheel to use', () => {
    const other = process.arch === 'arm64' ? 62 : 183;
    const lib = path.join(dir, 'libtf', 'lib');
    fakeElf(path.join(lib, 'libtensorflow.so.2'), other);
    fakeElf(path.join(lib, 'libtensorflow_framework.so.2'), other);
    fs.mkdirSync(path.join(dir, 'libtf', 'include', 'tensorflow', 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'libtf', 'include', 'tensorflow', 'c', 'c_api.h'), '');
    const source = libtensorflowSource(path.join(dir, 'libtf'));
    const err = thrown(() => stageLibraries(source, path.join(dir, 'deps'), null));
    expect(err.kind).to.equal('runtime');
    expect(err.message).to.match(/holds a library for (arm64|x64), this machine is/);
    expect(err.message).to.match(/use a TensorFlow wheel built for Linux (x86_64|aarch64)/);
  });

  it('a wheel without the C API is refused, naming the wheel to use instead', function () {
    this.timeout(60000); // three Python start-ups
    const python = ['python3', 'python'].find(
      (p) => spawnSync(p, ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0,
    );
    if (!python) this.skip();
    const wheel = path.join(dir, 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl');
    const made = spawnSync(python!, [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n' +
        '    z.writestr("tensorflow/__init__.py", "")\n' +
        '    z.writestr("tensorflow_cpu-2.21.0.dist-info/METADATA", "Version: 2.21.0")',
      wheel,
    ]);
    expect(made.status).to.equal(0);
    const err = thrown(() => stageLibraries(wheelSource(wheel), path.join(dir, 'deps'), python!));
    expect(err.message).to.contain(
      'has no TensorFlow C API (missing tensorflow/libtensorflow_cc.so.2',
    );
    expect(err.message).to.contain('pip download tensorflow-cpu==');
  });

  it('no C++ toolchain on PATH: names the packages to install', () => {
    const err = thrown(() => withEnv({ PATH: dir, CXX: undefined }, () => findToolchain()));
    expect(err.message).to.match(
      /^no C\+\+ toolchain \(a C\+\+ compiler and make not found on PATH\)/,
    );
    expect(err.message).to.contain('build-essential');
  });

  it('no Node headers: says where it looked and how to get them', () => {
    // Only the variable is under the test's control; skip where Node's own prefix has them.
    const prefix = path.resolve(path.dirname(process.execPath), '..');
    const home = path.join(dir, 'home');
    const found = withEnv({ npm_config_nodedir: dir, HOME: home }, () => {
      try {
        return findNodeHeaders();
      } catch (err) {
        return err as NmflowError;
      }
    });
    if (typeof found === 'string') {
      expect(found).to.equal(prefix);
      expect(fs.existsSync(path.join(found, 'include', 'node', 'node_api.h'))).to.equal(true);
    } else {
      expect(found.message).to.contain(`no headers for Node.js ${process.versions.node}`);
      expect(found.message).to.contain('npm_config_nodedir');
    }
  });

  it('--gpu takes a CUDA-enabled tensorflow wheel from the cache, never a tensorflow_cpu one', () => {
    const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
    const cpu = `tensorflow_cpu-${TENSORFLOW_VERSION}-cp311-cp311-manylinux_2_27_${arch}.whl`;
    fs.writeFileSync(path.join(dir, cpu), '');
    expect(cachedWheel(dir, true)).to.equal(null);
    expect(path.basename(cachedWheel(dir)!.path)).to.equal(cpu);
    const cuda = `tensorflow-${TENSORFLOW_VERSION}-cp311-cp311-manylinux_2_27_${arch}.whl`;
    fs.writeFileSync(path.join(dir, cuda), '');
    expect(path.basename(cachedWheel(dir, true)!.path)).to.equal(cuda);
    expect(wheelRequirement(true)).to.equal(`tensorflow==${TENSORFLOW_VERSION}`);
    expect(wheelRequirement()).to.equal(`tensorflow-cpu==${TENSORFLOW_VERSION}`);
  });

  it('--wheel and --libtensorflow together are refused', () => {
    const err = thrown(() => setupNative({ wheel: 'a.whl', libtensorflow: dir }));
    expect(err.message).to.contain('--wheel and --libtensorflow were both given');
  });
});

describe('native setup: the binding fix (tensorflow/tfjs#7719)', () => {
  /** The shape of tfjs-node 4.22's shared-memory tensor creation (binding/tfjs_backend.cc). */
  const shared = `  // Sharing V8 memory with the underlying TensorFlow tensor requires adding an
  // additional refcount.
  NapiAutoRef *auto_ref = new NapiAutoRef();
  nstatus = auto_ref->Init(env, array_value);
  const size_t byte_size =
      dtype == TF_INT64 ? num_elements * width * 2 : num_elements * width;

  TF_AutoTensor tensor(TF_NewTensor(dtype, shape, shape_length, array_data,
                                    byte_size, DeallocTensor, auto_ref));

  TF_AutoStatus tf_status;
  TFE_TensorHandle *tfe_tensor_handle =
      TFE_NewTensorHandle(tensor.tensor, tf_status.status);
  if (TF_GetCode(tf_status.status) != TF_OK) {
    delete auto_ref;
    TFE_DeleteTensorHandle(tfe_tensor_handle);
  }
`;

  it('copies the typed array into a tensor TensorFlow allocates, once', () => {
    const patched = patchedSource(`before\n${shared}after\n`);
    expect(patched)
      .to.match(/^before\n/)
      .and.to.match(/after\n$/);
    expect(patched).to.include('TF_AllocateTensor(dtype, shape, shape_length, byte_size)');
    expect(patched).to.include('memcpy(TF_TensorData(tensor.tensor), array_data, byte_size)');
    expect(patched).not.to.include('DeallocTensor');
    expect(patched).not.to.include('auto_ref');
    expect(patched).to.include('TFE_DeleteTensorHandle(tfe_tensor_handle);');
    expect(patchedSource(patched)).to.equal(patched);
  });

  it('refuses a source it does not know, naming the file and the fix', () => {
    const err = thrown(() => patchedSource('int main() {}\n', '/x/tfjs_backend.cc'));
    expect(err.message).to.include('/x/tfjs_backend.cc').and.to.include('setup native --force');
  });
});
