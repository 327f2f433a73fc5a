import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { expectUserError, runCli, runJson, tempDir } from './run';

describe('cli: main and info', function () {
  this.timeout(60000);

  it('info --json prints one JSON document with versions and the active backend', () => {
    const info = runJson<{
      nmflow: string;
      tfjsCore: string;
      backend: { name: string; reason: string };
      backends: Record<string, { ok: boolean; detail: string }>;
      nnlsSolvers: string[];
    }>(['info']);
    expect(info.nmflow).to.match(/^\d+\.\d+\.\d+/);
    expect(info.tfjsCore).to.equal('4.22.0');
    expect(['tensorflow', 'wasm', 'cpu']).to.include(info.backend.name);
    expect(info.backend.reason.length).to.be.greaterThan(0);
    expect(info.backends.cpu.ok).to.equal(true);
    expect(info.nnlsSolvers).to.include('pgd');
  });

  it('info --backend cpu activates the cpu backend and says why', () => {
    const r = runCli(['info', '--backend', 'cpu']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/active backend: cpu \(chosen explicitly \(argument\)\)/);
    expect(r.stdout).to.match(/^cpu\s+@tensorflow\/tfjs-backend-cpu\s+4\.22\.0\s+available$/m);
  });

  it('verify runs the Riemannian checks, prints them as JSON and exits 0 when all pass', () => {
    const r = runJson<{
      passed: boolean;
      depths: number[];
      checks: { check: string; passed: boolean }[];
    }>(['verify', '--depth', '2', '--trials', '1']);
    expect(r.passed).to.equal(true);
    expect(r.depths).to.deep.equal([2]);
    expect(r.checks.map((c) => c.check)).to.deep.equal([
      'chain-rule',
      'metric',
      'retraction',
      'gap-order',
    ]);
    expectUserError(runCli(['verify', '--depth', '1']), /must be an integer ≥ 2, got 1/);
  });

  it('--help lists the commands and a command help shows examples (exit 0)', () => {
    const top = runCli(['--help']);
    expect(top.code).to.equal(0);
    for (const c of [
      'factorize',
      'transform',
      'compare',
      'nnls',
      'verify',
      'datasets',
      'experiment',
      'info',
    ]) {
      expect(top.stdout).to.match(new RegExp(`nmflow ${c}`));
    }
    const sub = runCli(['info', '--help']);
    expect(sub.code).to.equal(0);
    expect(sub.stdout).to.match(/Examples:/);
    expect(sub.stdout).to.match(/--backend/);
  });

  it('bad invocations give one clear line and exit code 2', () => {
    expectUserError(runCli([]), /no command given; known commands: .*info/);
    expectUserError(runCli(['infoo']), /unknown command "infoo"; known commands: .*info/);
    expectUserError(runCli(['info', '--bogus']), /unknown argument --bogus \(see --help\)/);
    expectUserError(runCli(['info', '--seed', 'abc']), /option --seed must be a number/);
    expectUserError(runCli(['info', '--backend', 'gpu']), /Invalid values:.*backend.*gpu/);
  });

  it('runtime failures exit 1 with one error line and a hint; --debug adds the stack', () => {
    const { dir, cleanup } = tempDir();
    try {
      const blocker = path.join(dir, 'file');
      fs.writeFileSync(blocker, 'not a folder');
      const args = [
        'datasets',
        'export',
        'swimmer',
        '--limit',
        '2',
        '--out',
        path.join(blocker, 'sub', 'x.csv'),
      ];
      const r = runCli(args);
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stdout).to.equal('');
      expect(r.stderr.trim().split('\n')).to.deep.equal([
        r.stderr.split('\n')[0],
        '(run with --debug for the stack trace)',
      ]);
      expect(r.stderr).to.match(/^nmflow: error: .*(ENOTDIR|EEXIST|not a directory)/);
      const debug = runCli([...args, '--debug']);
      expect(debug.code).to.equal(1);
      expect(debug.stderr).to.match(/\n\s+at /);
      expect(fs.readFileSync(blocker, 'utf8')).to.equal('not a folder');
    } finally {
      cleanup();
    }
  });
});
