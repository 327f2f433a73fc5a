/**
 * Where a bench:nmf fit's peak memory goes: one nmflow solver on one bench-nmf case (written once
 * under $TMPDIR/nmflow-probe), with VmRSS, VmHWM and process.memoryUsage() printed before the
 * fit and at each of its first iterations (MB, growth over the pre-fit VmRSS).
 *
 * Usage: node [--expose-gc] dist/scripts/probe-nmf-memory.js spam-20 anls [iterations=5] [mode]
 * mode: fit (default); stages (readData, nndsvda init and the operand one by one); warm (a
 * 2-iteration fit first: what a second fit in the process costs); compiled (the kernels'
 * module compiled before the baseline). After the fit: the resident growth by mapping (wasm
 * memories, malloc's heap, V8's 256 kB pages). Environment: PROBE_STACKS=1 prints who made each
 * WebAssembly memory; PROBE_ARRAYS=<bytes> who made each typed array of at least that size;
 * PROBE_GC=1 collects garbage before the baseline (with --expose-gc), as bench:nmf does;
 * PROBE_ALLOC=1 samples what the fit allocates on V8's heap, garbage included (the young
 * generation's pages count in the growth once a fit allocates more than a semi-space: boxed
 * doubles of loops V8 has not optimized yet are the usual source) and prints the functions that
 * allocated most (MB sampled, by function and line).
 */
import { promises as fs, readFileSync } from 'fs';
import { Session } from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { factorize, initBackend, type NmfSolver } from '../src';
import * as tf from '@tensorflow/tfjs-core';
import { readData, type NmfInput } from '../src/nmf/data';
import { initialize } from '../src/nmf/init';
import { nodeThreadHost } from '../src/kernels/node-threads';
import { kernelModule } from '../src/kernels/wasm/kernel-memory';
import { CASES, readCase, writeCase, type BenchCase } from './bench-nmf-cases';

function status(): { rss: number; hwm: number; anon: number; file: number; shmem: number } {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)![1]) / 1024;
  return {
    rss: kb('VmRSS'),
    hwm: kb('VmHWM'),
    anon: kb('RssAnon'),
    file: kb('RssFile'),
    shmem: kb('RssShmem'),
  };
}

const memories: WebAssembly.Memory[] = [];
const Original = WebAssembly.Memory;
WebAssembly.Memory = function (d: WebAssembly.MemoryDescriptor) {
  const m = new Original(d);
  memories.push(m);
  if (process.env.PROBE_STACKS) {
    const st = (new Error().stack ?? '')
      .split('\n')
      .slice(2, 7)
      .map((l) =>
        l
          .trim()
          .replace(/^at /, '')
          .replace(/\(.*dist\//, '('),
      )
      .join(' < ');
    console.log(`memory ${(m.buffer.byteLength / 2 ** 20).toFixed(1)} MB: ${st}`);
  }
  return m;
} as unknown as typeof WebAssembly.Memory;
if (process.env.PROBE_ARRAYS) {
  for (const name of ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array'] as const) {
    const Target = globalThis[name];
    (globalThis as Record<string, unknown>)[name] = new Proxy(Target, {
      construct(target, args, newTarget) {
        const a = Reflect.construct(target, args, newTarget) as ArrayBufferView;
        if (
          a.byteLength >= Number(process.env.PROBE_ARRAYS) &&
          !(a.buffer instanceof SharedArrayBuffer) &&
          !(args[0] instanceof ArrayBuffer) &&
          !(args[0] instanceof SharedArrayBuffer)
        ) {
          const st = (new Error().stack ?? '')
            .split('\n')
            .slice(2, 6)
            .map((l) =>
              l
                .trim()
                .replace(/^at /, '')
                .replace(/\(.*dist\//, '('),
            )
            .join(' < ');
          console.log(`${name} ${(a.byteLength / 2 ** 20).toFixed(1)} MB: ${st}`);
        }
        return a;
      },
    });
  }
}
let workers = 0;
const spawn = nodeThreadHost.spawn;
nodeThreadHost.spawn = (...a) => {
  workers++;
  return spawn(...a);
};

/** Rss (kB) by mapping start → [size kB, rss kB, name]. */
function smaps(): Map<string, [number, number, string]> {
  const out = new Map<string, [number, number, string]>();
  let key = '';
  for (const l of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(l);
    if (head) {
      key = head[1];
      const size = (parseInt(head[2], 16) - parseInt(head[1], 16)) / 1024;
      out.set(key, [size, 0, head[3]]);
    } else if (l.startsWith('Rss:')) out.get(key)![1] = Number(l.split(/\s+/)[1]);
  }
  return out;
}

function printDiff(before: Map<string, [number, number, string]>) {
  const after = smaps();
  const rows: [string, number, number, string][] = [];
  const small = new Map<number, number>();
  for (const [k, [size, rss, name]] of after) {
    const d = rss - (before.get(k)?.[1] ?? 0);
    if (Math.abs(d) >= 512) rows.push([k, size, d, name]);
    else small.set(size, (small.get(size) ?? 0) + d);
  }
  for (const [k, [size, rss, name]] of before)
    if (!after.has(k) && rss >= 512) rows.push([k, size, -rss, name + ' (gone)']);
  rows.sort((x, y) => y[2] - x[2]);
  const smallRows = [...small].filter(([, d]) => Math.abs(d) >= 256).sort((x, y) => y[1] - x[1]);
  console.log(
    `  small mappings by size (kB: MB): ${smallRows.map(([sz, d]) => `${sz}: ${(d / 1024).toFixed(1)}`).join(', ')}`,
  );
  for (const [k, size, d, name] of rows)
    console.log(
      `  ${k} size ${(size / 1024).toFixed(1)} MB rss ${(d / 1024).toFixed(1)} MB ${name}`,
    );
}

type Post = (method: string, params?: object) => Promise<unknown>;

/** Starts V8's sampling heap profiler, objects the GC collected included. */
async function startSampling(): Promise<Post> {
  const session = new Session();
  session.connect();
  const post: Post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))),
    );
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return post;
}

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampleNode[];
}

/** The 20 functions that allocated most on V8's heap since startSampling (MB sampled). */
async function printAllocations(post: Post) {
  const { profile } = (await post('HeapProfiler.stopSampling')) as {
    profile: { head: SampleNode };
  };
  const bytes = new Map<string, number>();
  let total = 0;
  const walk = (node: SampleNode) => {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/.*dist\//, '')}:${f.lineNumber + 1}`;
    bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(walk);
  };
  walk(profile.head);
  console.log(`V8 heap allocations during the fit: ${(total / 2 ** 20).toFixed(1)} MB sampled`);
  for (const [key, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, 20)) {
    console.log(`  ${(b / 2 ** 20).toFixed(2).padStart(7)} MB ${key}`);
  }
}

async function main() {
  const [name, solver, iters = '5', mode = 'fit'] = process.argv.slice(2);
  const spec = CASES.find((c) => c.name === name)!;
  const root = path.join(os.tmpdir(), 'nmflow-probe');
  const meta = path.join(root, `${name}.json`);
  let c: BenchCase;
  try {
    c = JSON.parse(await fs.readFile(meta, 'utf8')) as BenchCase;
  } catch {
    c = await writeCase(spec, root);
    await fs.writeFile(meta, JSON.stringify(c));
  }
  await initBackend('wasm');
  const X = await readCase(c);
  if (mode === 'compiled') kernelModule();
  if (mode === 'warm') {
    const w = await factorize(X, {
      rank: c.rank,
      solver: solver as NmfSolver,
      init: 'nndsvda',
      maxIter: 2,
    });
    tf.dispose([w.W, w.H]);
  }
  if (process.env.PROBE_GC) (globalThis as { gc?: () => void }).gc?.();
  await fs.writeFile('/proc/self/clear_refs', '5');
  const before = smaps();
  const b = status();
  const base = b.rss;
  const line = (label: string) => {
    const { rss, hwm, anon, file, shmem } = status();
    const m = process.memoryUsage();
    const sizes = memories.map((x) => (x.buffer.byteLength / 2 ** 20).toFixed(1));
    const tm = tf.memory();
    const backendHeap = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8
      .length;
    const mb = (v: number) => (v / 2 ** 20).toFixed(1).padStart(7);
    console.log(
      `${label.padEnd(12)} rss+${(rss - base).toFixed(1).padStart(6)} hwm+${(hwm - base).toFixed(1).padStart(6)}` +
        ` anon+${(anon - b.anon).toFixed(1)} file+${(file - b.file).toFixed(1)} shmem+${(shmem - b.shmem).toFixed(1)}` +
        ` heapUsed${mb(m.heapUsed)} heapTotal${mb(m.heapTotal)} external${mb(m.external)} arrayBuffers${mb(m.arrayBuffers)}` +
        ` tensors ${tm.numTensors}/${(tm.numBytes / 2 ** 20).toFixed(1)} workers ${workers} wasm [${sizes.join(' ')}] backend heap ${((backendHeap ?? 0) / 2 ** 20).toFixed(1)}`,
    );
  };
  line('before');
  if (mode === 'stages') {
    const data = readData(X as NmfInput);
    line('readData');
    const f = initialize(data, c.rank, 'nndsvda', 0);
    line('init');
    printDiff(before);
    data.operand();
    line('operand');
    tf.dispose([f.W, f.H]);
    data.dispose();
    line('disposed');
    return;
  }
  const sampling = process.env.PROBE_ALLOC ? await startSampling() : undefined;
  const r = await factorize(X, {
    rank: c.rank,
    solver: solver as NmfSolver,
    init: 'nndsvda',
    tol: 0,
    maxIter: Number(iters),
    checkEvery: 1,
    onIteration: (info) => line(`iter ${info.iteration}`),
  });
  line('after fit');
  printDiff(before);
  if (sampling) await printAllocations(sampling);
  r.W.dispose();
  r.H.dispose();
  console.log(`error ${r.relativeError}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
