/**
 * The browser playground ({@code nabla playground}): TensorFlow Playground's page on the real library. A
 * Javalin server ({@link dev.nabla.playground.PlaygroundServer}) serves one static page from the jar and a
 * small JSON API; each tab gets a {@link dev.nabla.playground.Session} (its data, a network built from an
 * experiment spec through the library's registries, its optimizer and schedule) that
 * {@link dev.nabla.playground.Sessions} trains on a pool of one thread per core, within the
 * {@link dev.nabla.playground.Limits}, and streams as Server-Sent Events. What the page builds leaves as a
 * model file, a spec {@code nabla train} runs and Java that compiles ({@link dev.nabla.playground.Recipe}).
 * nabla-core knows nothing of this module.
 */
package dev.nabla.playground;
