/**
 * Makes tf.grad / tf.train work: the CommonJS build of @tensorflow/tfjs-core registers no
 * gradient functions (its `register_all_gradients` module is ES-module only). nmflow's build
 * bundles that module to CommonJS (`scripts/build-gradients.mjs` → `dist/src/tfjs-gradients.js`),
 * as the @tensorflow/tfjs umbrella package does in its own CommonJS bundle, without the
 * umbrella's layers, converter, data and WebGL packages. Loading it registers every tfjs-core
 * gradient in the shared registry (re-registering one is harmless). Import this module for
 * its side effect wherever autodiff is used.
 */
import '@tensorflow/tfjs-core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./tfjs-gradients.js');

export {};
