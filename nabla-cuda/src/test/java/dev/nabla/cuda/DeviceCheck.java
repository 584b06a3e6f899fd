package dev.nabla.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs this module's tests where there is a GPU and no Maven (the lent device machine): the test classes
 * and their jars on the class path, {@code java ... dev.nabla.cuda.DeviceCheck}. Exits 0 only if every test
 * ran and passed: a skip (no GPU found) counts as a failure here, since finding the GPU is the point.
 */
public final class DeviceCheck {
    private DeviceCheck() {}

    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        // by class, not by package: scanning a jar needs jdk.zipfs, which a jlink'd runtime may lack
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CudaLibrariesTest.class),
                selectClass(CudaBackendTest.class), selectClass(CudaTrainingTest.class)).build(), listener);
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        try {
            System.out.println(CudaAvailable.backend());
        } catch (RuntimeException e) {
            System.out.println("no CUDA device: " + e.getMessage());
        }
        boolean ok = s.getTotalFailureCount() == 0 && s.getContainersAbortedCount() == 0 && s.getTestsFoundCount() > 0
                && s.getTestsSucceededCount() == s.getTestsFoundCount();  // a class skipped for want of a GPU is not a pass
        System.out.println(ok ? "DEVICE CHECK OK" : "DEVICE CHECK FAILED");
        System.exit(ok ? 0 : 1);
    }
}
