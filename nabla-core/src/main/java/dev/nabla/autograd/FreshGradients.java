package dev.nabla.autograd;

/**
 * Marks an op whose backward returns, for each input, a tensor over storage that nothing else
 * references: freshly computed (a product, a reduction, a kernel's output), never the incoming
 * gradient, a view of it, a saved tensor or another input's gradient. The engine may then hand such a
 * gradient to a leaf as its {@code .grad} without the defensive copy (see {@link Engine}).
 *
 * <p>Only ops whose backward has been checked for this carry the mark; when in doubt, leave it off
 * (the cost is one copy per leaf per backward).
 */
interface FreshGradients {
}
