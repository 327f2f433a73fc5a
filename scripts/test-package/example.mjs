// The README's library examples, from an ES module, as a user of the installed package runs them.
import { nnls, nnlsGram, factorize, NMF, NmflowError, loadDataset } from 'nmflow';
import { writeMatrixFile, readMatrixFile } from 'nmflow/node';
import body from './example-body.cjs';

try {
  const summary = await body.run({
    nnls,
    nnlsGram,
    factorize,
    NMF,
    NmflowError,
    loadDataset,
    writeMatrixFile,
    readMatrixFile,
  });
  process.stdout.write(JSON.stringify({ module: 'esm', ...summary }) + '\n');
} catch (err) {
  process.stdout.write(`FAILED: ${err && err.stack}\n`);
  process.exitCode = 1;
}
