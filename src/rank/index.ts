/** Choosing the rank k of X (`nSamples × nFeatures`) ≈ W H: cross-validation and consensus. */
export { selectRank, RANK_METHODS } from './select';
export type {
  SelectRankOptions,
  RankSelection,
  RankChoice,
  RankMethod,
  RankProgress,
  RankScoreName,
} from './select';
export { speckledHoldOut } from './holdout';
export type { HoldOut } from './holdout';
export { averageLinkage } from './linkage';
export type { Linkage } from './linkage';
export { argmaxLabels, consensusMatrix, consensusScores } from './consensus';
export type { ConsensusScores } from './consensus';
