/** Runs the built CLI (bin/nmflow.js) as a subprocess, as users do. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expect } from 'chai';

export const BIN = path.resolve(__dirname, '../../../bin/nmflow.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/nmflow.js ...args` with the test run's backend (NMFLOW_BACKEND or auto). */
export function runCli(args: string[], cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 120000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses stdout as the single JSON document of a --json run that succeeded. */
export function runJson<T = Record<string, unknown>>(args: string[], cwd?: string): T {
  const r = runCli([...args, '--json'], cwd);
  expect(r.code, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as T;
}

/**
 * Asserts a usage/input failure: exit code 2 and exactly one `nmflow: error:` line on stderr
 * matching `pattern`, nothing on stdout.
 */
export function expectUserError(r: CliRun, pattern: RegExp): void {
  expect(r.code, `exit code; stderr: ${r.stderr}`).to.equal(2);
  expect(r.stdout).to.equal('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^nmflow: error: /);
  expect(lines[0]).to.match(pattern);
}

/** A fresh temporary folder; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmflow-cli-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every entry under `dir`, recursively, relative to it (sorted). */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}
