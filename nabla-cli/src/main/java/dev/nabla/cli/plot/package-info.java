/**
 * The pictures the lectures draw, as PNG files written atomically: learning curves, the decision
 * boundary of a 2-D classifier, a confusion matrix, and what a distribution head predicts over one input
 * (mean and ±2σ band, or a mixture's modes by weight). XChart draws them; this package only decides
 * what goes on each chart.
 */
package dev.nabla.cli.plot;
