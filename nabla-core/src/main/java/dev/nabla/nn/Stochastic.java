package dev.nabla.nn;

import dev.nabla.tensor.Generator;

/**
 * A module that draws random numbers while it runs (dropout's masks), from a generator of its own. A fit
 * finds every such generator through the modules ({@link Module#namedGenerators()}) and saves its state in
 * checkpoints, so a resumed run draws the same numbers; a user's random layer implements this and is
 * checkpointed like {@link Dropout}.
 */
public interface Stochastic {
    /** The generator the module draws from; null while it has none (before build). */
    Generator generator();
}
