package dev.nabla.train;

import dev.nabla.io.SafeTensors;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of the kill-and-resume and restart tests: trains {@link ResumeFixture}, printing one
 * line per update (so the parent knows where it is), and writes the final weights.
 * Arguments: a directory, and "checkpointed" or "plain".
 */
public final class TrainingChild {
    private TrainingChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean checkpointed = args[1].equals("checkpointed");
        Callback progress = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
                System.out.println("step");
                System.out.flush();
                try {
                    Thread.sleep(checkpointed ? 15 : 0); // time for the parent to strike mid-epoch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ResumeFixture f = new ResumeFixture();
        f.fit(checkpointed ? dir.resolve("checkpoints") : null, false, progress);
        SafeTensors.write(dir.resolve("final.safetensors"), f.weights(), Map.of());
        System.out.println("done");
    }
}
