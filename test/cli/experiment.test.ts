import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { getExperiment, listExperiments } from '../../src/experiments';
import { BIN, expectUserError, listTree, runCli, runJson, tempDir } from './run';

/** The fastest experiment at smoke scale (≈1 s on wasm). */
const NAME = 'incremental-learning';

interface RunJson {
  name: string;
  scale: string;
  seed: number;
  backend: string;
  seconds: number;
  outDir: string;
  files: string[];
  claims: { claim: string; supported: boolean | null; evidence: string }[];
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('cli: experiment', function () {
  this.timeout(60000);
  const { dir, cleanup } = tempDir();
  after(cleanup);

  it('list --json gives every registered experiment with its seed and parameters', () => {
    const list = runJson<{ name: string; seed: number; description: string }[]>([
      'experiment',
      'list',
    ]);
    expect(list).to.deep.equal(JSON.parse(JSON.stringify(listExperiments())));
    const text = runCli(['experiment', 'list']);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(new RegExp(`^${NAME}\\s+${getExperiment(NAME).seed}\\s`, 'm'));
  });

  it('runs at smoke scale with its own seed: JSON summary, the record in --out, no staging left', () => {
    const out = path.join(dir, 'run');
    const r = runJson<RunJson>(['experiment', NAME, '--out', out]);
    const seed = getExperiment(NAME).seed;
    expect(r).to.include({ name: NAME, scale: 'smoke', seed, outDir: out });
    expect(r.claims.length).to.be.greaterThan(0);
    for (const c of r.claims) expect([true, false, null]).to.include(c.supported);
    expect(r.files).to.include.members([
      'config.json',
      'results.json',
      'timings.json',
      'summary.md',
    ]);
    expect(fs.readdirSync(out).sort()).to.deep.equal([...r.files].sort());
    expect(listTree(dir).filter((f) => f.includes('.tmp-'))).to.deep.equal([]);
    expect(readJson(path.join(out, 'config.json'))).to.include({
      experiment: NAME,
      scale: 'smoke',
      seed,
      backend: r.backend,
    });
    const results = readJson(path.join(out, 'results.json'));
    expect(results).to.have.keys(['problem', 'coordinates', 'trajectory']);
    expect(fs.readFileSync(path.join(out, 'summary.md'), 'utf8')).to.match(
      new RegExp(`^# Experiment \`${NAME}\``),
    );
  });

  it('--seed reaches the run; the default folder is out/experiments/NAME; progress on stderr', () => {
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd);
    const r = runCli(['experiment', NAME, '--seed', '5'], cwd);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^verdict\s+claim\s+evidence/);
    expect(r.stderr).to.match(/100% iteration/);
    const out = path.join(cwd, 'out', 'experiments', NAME);
    expect(readJson(path.join(out, 'config.json')).seed).to.equal(5);
    const quiet = runCli(['experiment', NAME, '--seed', '5', '--quiet', '--out', 'q'], cwd);
    expect(quiet.stderr).to.equal('');
    // Same seed, same backend ⇒ the same raw numbers.
    expect(fs.readFileSync(path.join(cwd, 'q', 'results.json'), 'utf8')).to.equal(
      fs.readFileSync(path.join(out, 'results.json'), 'utf8'),
    );
  });

  it('a non-empty --out is refused (exit 2, untouched); --force replaces the previous run only', () => {
    const out = path.join(dir, 'again');
    const first = runJson<RunJson>(['experiment', NAME, '--out', out]);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    fs.writeFileSync(path.join(out, 'old-figure.svg'), '<svg/>');
    // A file the previous run listed but this run will not write: it must go with --force.
    const manifest = readJson(path.join(out, 'manifest.json')) as { files: string[] };
    expect(manifest.files).to.deep.equal(first.files);
    manifest.files.push('old-figure.svg');
    fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest));
    const before = listTree(out);
    expectUserError(
      runCli(['experiment', NAME, '--out', out]),
      /--out .*again is not empty \(\d+ entries: .*\); pass --force/,
    );
    expect(listTree(out)).to.deep.equal(before);
    const second = runJson<RunJson>(['experiment', NAME, '--out', out, '--force']);
    expect(fs.readdirSync(out).sort()).to.deep.equal([...second.files, 'notes.txt'].sort());
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).to.equal('mine');
    expect(listTree(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).to.deep.equal(
      [],
    );
  });

  it('unknown experiments and scales: exit 2 naming the known ones, nothing written', () => {
    const cwd = path.join(dir, 'bad');
    fs.mkdirSync(cwd);
    expectUserError(
      runCli(['experiment', 'nope'], cwd),
      new RegExp(
        `unknown experiment "nope"; known experiments: ${listExperiments()
          .map((e) => e.name)
          .join(', ')}$`,
      ),
    );
    expectUserError(runCli(['experiment', NAME, '--scale', 'huge'], cwd), /scale.*huge/i);
    expectUserError(
      runCli(['experiment'], cwd),
      /experiment needs a NAME \(or "list"\); known experiments: implicit-bias, /,
    );
    expect(listTree(cwd)).to.deep.equal([]);
    const help = runCli(['experiment', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/Examples:[\s\S]*nmflow experiment list/);
  });

  it('SIGINT mid-run: exit 130, one line saying so, and neither the folder nor staging left', async () => {
    const cwd = path.join(dir, 'sigint');
    fs.mkdirSync(cwd);
    // A full-scale run, stopped at its first progress line (long before it ends).
    const child = spawn(process.execPath, [BIN, 'experiment', 'step-decay', '--scale', 'full'], {
      cwd,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/\d+% /.test(stderr)) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).to.equal(130);
    expect(stderr).to.match(
      /\nnmflow: error: experiment step-decay stopped by SIGINT; nothing written to out\/experiments\/step-decay\n$/,
    );
    expect(listTree(cwd)).to.deep.equal([]);
  });
});
