/**
 * The overparametrized solver as a literal tfjs model (the diagonal network) and the autodiff
 * checks that gradient descent on it is Riemannian gradient descent (DESIGN.md §3).
 */
export { DiagonalNetwork, diagonalNetworkLoss } from './diagonal-network';
export type { DiagonalNetworkOptions } from './diagonal-network';
export { verifyRiemannianEquivalence } from './verify';
export type { VerificationCheck, VerificationResult, VerifyOptions } from './verify';
