package dev.nabla.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.optim.Adam;
import dev.nabla.optim.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The numbers behind {@code nabla paths}: the library's optimizers on the test surfaces. */
class OptimizerPathsTest {
    private static final Surface ROSENBROCK = Surface.rosenbrock();
    private static final int STEPS = 2000;

    @Test
    void momentumReachesRosenbrocksMinimumWherePlainDescentAtTheSameRateStillCrawls() {
        OptimizerPaths.Path momentum = OptimizerPaths.run(ROSENBROCK, "m", SGD.Config.DEFAULT.withLr(1e-3).withMomentum(0.9), STEPS);
        OptimizerPaths.Path plain = OptimizerPaths.run(ROSENBROCK, "gd", SGD.Config.DEFAULT.withLr(1e-3), STEPS);
        assertTrue(momentum.distanceTo(1, 1) < 0.05, "momentum 0.9 lr 1e-3, 2000 steps: " + momentum.distanceTo(1, 1));
        assertTrue(plain.distanceTo(1, 1) > 0.5, "plain lr 1e-3, 2000 steps, still in the valley: " + plain.distanceTo(1, 1));
        assertFalse(plain.diverged());
        assertEquals(STEPS + 1, plain.xs().length, "the start and every step");
    }

    @Test
    void adamReachesItWherePlainDescentAtTheSameRateDiverges() {
        OptimizerPaths.Path adam = OptimizerPaths.run(ROSENBROCK, "adam", Adam.Config.DEFAULT.withLr(0.02), STEPS);
        OptimizerPaths.Path plain = OptimizerPaths.run(ROSENBROCK, "gd", SGD.Config.DEFAULT.withLr(0.02), STEPS);
        assertTrue(adam.distanceTo(1, 1) < 0.05, "adam lr 0.02, 2000 steps: " + adam.distanceTo(1, 1));
        assertFalse(adam.diverged());
        assertTrue(plain.diverged(), "plain lr 0.02 is past 2 / Rosenbrock's curvature (about 1000)");
    }

    @Test
    void theLearningRateSweepOnTheBowlCrawlsConvergesZigZagsAndDivergesWithoutThrowing() {
        List<OptimizerPaths.Path> sweep = OptimizerPaths.run(Surface.bowl(10), OptimizerPaths.lrSweep(10), 100);
        assertEquals(List.of("too small lr=0.0182", "good lr=0.182", "too large lr=0.198", "divergent lr=0.22"),
                sweep.stream().map(OptimizerPaths.Path::label).toList());
        double start = sweep.get(0).losses()[0];
        assertTrue(sweep.get(0).finalLoss() > 0.01 * start, "too small: still far after 100 steps");
        assertTrue(sweep.get(1).finalLoss() < 1e-12 * start, "good");
        assertTrue(sweep.get(2).finalLoss() > sweep.get(1).finalLoss() && sweep.get(2).finalLoss() < start, "too large: slower");
        OptimizerPaths.Path divergent = sweep.get(3);
        assertTrue(divergent.diverged(), "divergent");
        assertTrue(divergent.divergedAt() > 10 && divergent.divergedAt() < 100, "at step " + divergent.divergedAt());
        assertTrue(Double.isFinite(divergent.finalLoss()), "the path ends at its last finite point");
        assertEquals(divergent.divergedAt(), divergent.xs().length);
    }

    @Test
    void momentumSweepAtOneStepSize() {
        List<OptimizerPaths.Path> sweep = OptimizerPaths.run(Surface.bowl(10), OptimizerPaths.momentumSweep(0.05), 100);
        assertEquals("β=0 lr=0.05", sweep.get(0).label());
        assertEquals("β=0.9 lr=0.05", sweep.get(3).label());
        // β = 0.6 and 0.8 are near the bowl's critical damping: far below plain descent after 100 steps
        assertTrue(sweep.get(1).finalLoss() < 1e-6 * sweep.get(0).finalLoss());
        assertTrue(sweep.get(2).finalLoss() < 1e-3 * sweep.get(0).finalLoss());
    }

    @Test
    void everyOptimizerRunsOnEverySurfaceFromTheSameStart() {
        for (Surface s : Surface.all(10)) {
            List<OptimizerPaths.Path> paths = OptimizerPaths.run(s, OptimizerPaths.everyOptimizer(s.sgdLr(), s.adaptiveLr()), 20);
            assertEquals(7, paths.size());
            for (OptimizerPaths.Path p : paths) {
                assertEquals(s.start()[0], p.xs()[0], 0, s.name() + " " + p.label());
                assertEquals(s.at(s.start()[0], s.start()[1]), p.losses()[0], 1e-12);
            }
        }
        assertEquals(0, Surface.beale().at(3, 0.5), 1e-12);
        assertEquals(0, Surface.rosenbrock().at(1, 1), 0);
    }
}
