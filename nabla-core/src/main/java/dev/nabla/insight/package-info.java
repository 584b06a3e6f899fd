/**
 * Seeing inside training: the numbers behind the lecture notes' pictures, for any model, kept as data so
 * that the command line draws them as PNG and the browser playground can draw the same views. Vanishing
 * gradients per layer ({@link dev.nabla.insight.VanishingGradients}, over the recorder
 * {@link dev.nabla.train.GradientFlow}), optimizers' paths on 2-D test surfaces, the diagnosis of a
 * learning curve, the learning-rate range test, and universal approximation as the width grows.
 *
 * <pre>{@code
 * for (VanishingGradients.Run r : VanishingGradients.run(VanishingGradients.Options.DEFAULT)) {
 *     System.out.println(r.setup().name() + ": first layer / output layer = " + r.firstToLastRatio());
 * }
 * }</pre>
 */
package dev.nabla.insight;
