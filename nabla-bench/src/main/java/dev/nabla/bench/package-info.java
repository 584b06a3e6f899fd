/**
 * JMH benchmarks of Nabla's kernels and training step. Run them with {@code nabla-bench/run-jmh.sh},
 * which builds the module if needed and forwards its arguments to JMH:
 * <pre>{@code
 * nabla-bench/run-jmh.sh GemmBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * nabla-bench/run-jmh.sh TrainingStepBenchmark -p kernel=vector,scalar -p threads=1,0
 * }</pre>
 * Every benchmark takes {@code kernel} (vector or scalar, see {@code KernelMode}) and {@code threads}
 * (0 = the whole pool, see {@code Parallel}) as parameters.
 */
package dev.nabla.bench;
