/** Optimizers (per-parameter state, step, zeroGrad, clipping, weight decay) and learning-rate schedules. */
package dev.nabla.optim;
