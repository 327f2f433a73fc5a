/** `nmflow info`: versions, the active backend and why, and what else could be installed. */
import { NOT_STARTED, tensorflowPackage, tensorflowVersion } from '../../backend';
import { solverNames } from '../../nnls';
import { defineCommand, nmflowVersion } from '../context';
import { table } from '../table';

const BACKEND_PACKAGES = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
} as const;

function packageVersion(name: string): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

export const infoCommand = defineCommand({
  command: 'info',
  describe: 'versions, the active backend and why it was chosen, what else could be installed',
  examples: [
    ['$0 info', 'show versions and backends'],
    ['$0 info --backend cpu --json', 'check that the cpu backend starts; print JSON'],
  ],
  builder: (y) => y,
  run: async (_args, ctx) => {
    const backends = Object.fromEntries(
      Object.entries(ctx.backend.available).map(([name, a]) => {
        const pkg =
          name === 'tensorflow'
            ? tensorflowPackage()
            : BACKEND_PACKAGES[name as keyof typeof BACKEND_PACKAGES];
        // The native library's own version, for the tensorflow backend that loads.
        const native = name === 'tensorflow' && a.ok ? { tensorflow: tensorflowVersion() } : {};
        return [name, { ...a, package: pkg, version: packageVersion(pkg), ...native }];
      }),
    );
    const info = {
      nmflow: nmflowVersion(),
      node: process.versions.node,
      tfjsCore: packageVersion('@tensorflow/tfjs-core'),
      backend: { name: ctx.backend.name, reason: ctx.backend.reason },
      backends,
      nnlsSolvers: solverNames(),
    };
    const human = [
      `nmflow ${info.nmflow} (node ${info.node}, @tensorflow/tfjs-core ${info.tfjsCore})`,
      `active backend: ${info.backend.name} (${info.backend.reason})`,
      '',
      table(
        ['backend', 'package', 'version', 'status'],
        Object.entries(backends).map(([name, b]) => [
          name,
          b.package,
          (b.version ?? 'not installed') +
            ('tensorflow' in b && b.tensorflow ? ` (TensorFlow ${b.tensorflow})` : ''),
          b.ok ? (b.detail === NOT_STARTED ? 'installed' : 'available') : 'unavailable (see below)',
        ]),
      ),
      ...Object.entries(backends)
        .filter(([, b]) => !b.ok)
        .map(([name, b]) => `\n${name}: ${b.detail}`),
      '',
      `NNLS solvers: ${info.nnlsSolvers.join(', ')}`,
    ].join('\n');
    ctx.result(info, human);
  },
});
