import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileStaged, writeStaged } from '../../src/cli/output';
import { listTree, tempDir } from './run';

describe('cli/output: all-or-nothing writes', () => {
  it('moves staged files into a new nested folder on success', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = path.join(dir, 'a', 'b');
      const { value, files } = await writeStaged(out, async (stage) => {
        fs.writeFileSync(stage.path('W.csv'), '1,2\n');
        fs.mkdirSync(stage.path('model'));
        fs.writeFileSync(path.join(stage.path('model'), 'model.json'), '{}');
        return 42;
      });
      expect(value).to.equal(42);
      expect(files.map((f) => path.basename(f))).to.deep.equal(['W.csv', 'model']);
      expect(listTree(dir)).to.deep.equal([
        'a',
        'a/b',
        'a/b/W.csv',
        'a/b/model',
        'a/b/model/model.json',
      ]);
    } finally {
      cleanup();
    }
  });

  it('leaves nothing behind when the writer fails (not even created parent folders)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      let caught: unknown;
      await writeStaged(path.join(dir, 'new', 'out'), async (stage) => {
        fs.writeFileSync(stage.path('W.csv'), 'half');
        throw new Error('boom');
      }).catch((e) => (caught = e));
      expect((caught as Error).message).to.equal('boom');
      expect(listTree(dir)).to.deep.equal([]);
    } finally {
      cleanup();
    }
  });

  it('keeps an existing folder untouched on failure and replaces same-named files on success', async () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'H.csv'), 'old');
      await writeStaged(dir, async (stage) => {
        fs.writeFileSync(stage.path('H.csv'), 'new?');
        throw new Error('fail');
      }).catch(() => undefined);
      expect(listTree(dir)).to.deep.equal(['H.csv']);
      expect(fs.readFileSync(path.join(dir, 'H.csv'), 'utf8')).to.equal('old');
      await writeStaged(dir, async (stage) => fs.writeFileSync(stage.path('H.csv'), 'new'));
      expect(fs.readFileSync(path.join(dir, 'H.csv'), 'utf8')).to.equal('new');
      expect(listTree(dir)).to.deep.equal(['H.csv']);
    } finally {
      cleanup();
    }
  });

  it('writes a single file under its own name in a staging folder, all-or-nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'x.npy');
      let tmp = '';
      await writeFileStaged(file, (t) => {
        tmp = t;
        fs.writeFileSync(t, 'data');
        fs.writeFileSync(path.join(path.dirname(t), 'vocab.txt'), 'a companion');
      });
      expect(path.basename(tmp)).to.equal('x.npy');
      expect(path.basename(path.dirname(tmp))).to.match(/^\.tmp-/);
      expect(listTree(dir)).to.deep.equal(['vocab.txt', 'x.npy']);
      await writeFileStaged(path.join(dir, 'y.csv'), (tmp) => {
        fs.writeFileSync(tmp, 'half');
        throw new Error('fail');
      }).catch(() => undefined);
      expect(listTree(dir)).to.deep.equal(['vocab.txt', 'x.npy']);
    } finally {
      cleanup();
    }
  });
  it('removes staging folders left by a killed process, keeps those of live ones', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
      const stale = path.join(dir, `.tmp-out-${dead}-abcDEF`);
      const live = path.join(dir, `.tmp-out-${process.pid}-ghiJKL`);
      const other = path.join(dir, `.tmp-outx-${dead}-mnoPQR`);
      for (const d of [stale, live, other]) fs.mkdirSync(d);
      fs.writeFileSync(path.join(stale, 'W.npy'), 'half');
      await writeStaged(path.join(dir, 'out'), async (stage) => {
        fs.writeFileSync(stage.path('H.npy'), 'h');
        expect(path.basename(stage.staging)).to.match(new RegExp(`^\\.tmp-out-${process.pid}-`));
      });
      expect(listTree(dir)).to.deep.equal([
        `.tmp-out-${process.pid}-ghiJKL`,
        `.tmp-outx-${dead}-mnoPQR`,
        'out',
        'out/H.npy',
      ]);
    } finally {
      cleanup();
    }
  });
});
