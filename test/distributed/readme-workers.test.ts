/**
 * The README's "Workers on several machines (Redis)" commands, run as written against a
 * throw-away redis-server (its URL put for redis://queue-host:6379), in a folder holding a
 * small X.csv: `nmflow worker` lines start workers in the background, the others must succeed.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { lowRankCsv } from '../cli/fixtures';
import { runCli, tempDir } from '../cli/run';
import {
  skipWithoutRedis,
  startRedis,
  startWorker,
  type TestRedis,
  type TestWorker,
} from './redis';

const SECTION = '## Workers on several machines (Redis)';

function sectionCommands(): string[][] {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(SECTION)))![1];
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '')
    .map((l) => l.split(/\s+/));
}

describe('distributed: the README "Workers on several machines" commands run as written', function () {
  this.timeout(300000);
  const { dir, cleanup } = tempDir();
  let redis: TestRedis;
  const workers: TestWorker[] = [];

  before(async function () {
    skipWithoutRedis(this);
    redis = await startRedis();
    const { file } = lowRankCsv(dir);
    expect(fs.existsSync(file)).to.equal(true);
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    cleanup();
  });

  it('every command succeeds and writes what it names', async () => {
    const commands = sectionCommands();
    expect(commands.length).to.be.at.least(5);
    for (const [program, ...raw] of commands) {
      expect(program).to.equal('nmflow');
      const args = raw.map((a) => (a === 'redis://queue-host:6379' ? redis.url : a));
      if (args[0] === 'worker') {
        const w = await startWorker(redis.url, args.slice(3)); // after `worker --redis URL`
        workers.push(w);
        continue;
      }
      const r = runCli([...args, '--quiet'], dir);
      expect(r.code, `nmflow ${args.join(' ')}: ${r.stderr}`).to.equal(0);
      const out = args.indexOf('--out');
      if (out >= 0) expect(fs.readdirSync(path.join(dir, args[out + 1])).length).to.be.above(0);
    }
    expect(fs.existsSync(path.join(dir, 'out/rank-redis/rank.csv'))).to.equal(true);
    expect(fs.existsSync(path.join(dir, 'out/sharded/H.npy'))).to.equal(true);
    expect(fs.existsSync(path.join(dir, 'out/resumed/W.npy'))).to.equal(true);
  });
});
