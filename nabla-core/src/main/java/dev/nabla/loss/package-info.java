/** Losses: (prediction, target) to a scalar (or per-element) tensor, in fused, numerically stable forms. */
package dev.nabla.loss;
