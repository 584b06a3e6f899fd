/**
 * The pictures the lectures draw, as PNG files written atomically: learning curves, the decision
 * boundary of a 2-D classifier, and a confusion matrix. XChart draws them; this package only decides
 * what goes on each chart.
 */
package dev.nabla.cli.plot;
