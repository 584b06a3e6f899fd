/**
 * Networks: {@link dev.nabla.nn.Module} and {@link dev.nabla.nn.Parameter} (PyTorch's pattern: dotted
 * parameter names, state dicts, train/eval modes), layers, activations, {@code Sequential}, {@code Graph}
 * and initialisers.
 */
package dev.nabla.nn;
