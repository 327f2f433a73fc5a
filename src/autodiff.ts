/**
 * Makes tf.grad / tf.train work: the CommonJS build of @tensorflow/tfjs-core registers no
 * gradient functions (its `register_all_gradients` module is ES-module only). The CommonJS
 * bundle of @tensorflow/tfjs (same version, sharing this tfjs-core) registers all of them when
 * it is loaded. Import this module for its side effect wherever autodiff is used.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@tensorflow/tfjs');

export {};
