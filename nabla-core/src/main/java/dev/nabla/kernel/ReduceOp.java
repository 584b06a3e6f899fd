package dev.nabla.kernel;

/** Reductions along one axis. */
public enum ReduceOp { SUM, MAX, MIN }
