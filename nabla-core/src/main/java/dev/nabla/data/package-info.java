/**
 * Data: {@link dev.nabla.data.Dataset}, readers (IDX, CSV, NPY/NPZ), loaders, splits, transforms fitted
 * on training data only, synthetic sets and the small real data sets bundled in the jar.
 */
package dev.nabla.data;
