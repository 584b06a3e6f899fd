package dev.nabla.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one task reports when its training ends: the trained parameters and history (task 0 only; every
 * replica holds the same ones), and where its time went.
 *
 * @param resumedFromStep the global step the task's last attempt started from (0: from the start)
 */
record TaskResult(int rank, double[] parameters, List<Double> history, long stepsRun, long samples, long computeNanos,
                  long allReduceNanos, long bytesSent, long resumedFromStep, int stageAttempt) implements Serializable {
}
