// The README's library examples, from CommonJS, as a user of the installed package runs them.
'use strict';
const { nnls, nnlsGram, factorize, NMF, NmflowError, loadDataset } = require('nmflow');
const { writeMatrixFile, readMatrixFile } = require('nmflow/node');
const { run } = require('./example-body.cjs');

run({ nnls, nnlsGram, factorize, NMF, NmflowError, loadDataset, writeMatrixFile, readMatrixFile })
  .then((summary) =>
    process.stdout.write(JSON.stringify({ module: 'commonjs', ...summary }) + '\n'),
  )
  .catch((err) => {
    process.stdout.write(`FAILED: ${err && err.stack}\n`);
    process.exitCode = 1;
  });
