/** NMF progress at a check point (a leaf module: options, checkpoints and rules read it). */
export interface NmfIterationInfo {
  iteration: number;
  /** The objective: β-divergence (½‖X − WH‖²_F for Frobenius) plus the penalties. */
  loss: number;
  /** ‖X − WH‖_F / ‖X‖_F over the observed entries (‖X − WH‖_F when X = 0). */
  relativeError: number;
  /** Seconds since the fit started (initialization included). */
  seconds: number;
}
