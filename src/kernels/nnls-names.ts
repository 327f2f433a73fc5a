/**
 * Kernel names and attributes of nmflow's fused NNLS iterations (the ops in nnls-ops.ts).
 * Shapes: G `n × n`, C and every iterate `n × r`, per-column state `1 × r`; all float32.
 */

/** `overparam-nesterov`: inputs {G, C, u, uPrev, since} → [u⁺, x⁺, since⁺]. */
export const NESTEROV_STEP = 'NmflowOverparamNesterovStep';
export interface NesterovAttrs {
  depth: number;
  rate: number;
  lipschitz: number;
}

/** `overparam` with the `fixed` rule: inputs {G, C, u, gx} → [u⁺, x⁺, G·x⁺]. */
export const OVERPARAM_STEP = 'NmflowOverparamStep';
export interface OverparamAttrs {
  depth: number;
  eta: number;
}

/**
 * `overparam` with the `bb` rule: inputs {G, C, u, x, gx, eta, level, recent[, uPrev, dirPrev]}
 * → [u, x, gx, eta, level, recent, uPrev, dirPrev] (the last two: the input u and ∇ℒ there).
 */
export const BB_STEP = 'NmflowOverparamBbStep';
export interface BbAttrs {
  depth: number;
  eta0: number;
  armijoC: number;
}

/** `overparam-mirror`: inputs {G, C, x, z, since} → [x⁺, z⁺, since⁺]. */
export const MIRROR_STEP = 'NmflowOverparamMirrorStep';
/** APG (the overparam solvers' finish): inputs {G, C, x, y, t} → [x⁺, y⁺, t⁺]. */
export const APG_STEP = 'NmflowApgStep';
export interface EtaAttrs {
  eta: number;
}

/**
 * The loss ℒ(u) = ½⟨u^L, G u^L⟩ − ⟨C, u^L⟩ (a scalar: ½‖A u^L − B‖² less ½‖B‖²): inputs
 * {G, C, u}; its registered gradient runs OVERPARAM_GRADIENT.
 */
export const OVERPARAM_LOSS = 'NmflowOverparamLoss';
/** ∇ᵤℒ = L·u^(L−1) ⊙ (G u^L − C): inputs {G, C, u} → `n × r`. */
export const OVERPARAM_GRADIENT = 'NmflowOverparamGradient';
export interface DepthAttrs {
  depth: number;
}

export const NNLS_KERNELS = [
  NESTEROV_STEP,
  OVERPARAM_STEP,
  BB_STEP,
  MIRROR_STEP,
  APG_STEP,
  OVERPARAM_LOSS,
  OVERPARAM_GRADIENT,
];
