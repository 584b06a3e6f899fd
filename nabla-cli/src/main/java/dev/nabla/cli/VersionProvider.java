package dev.nabla.cli;

import dev.nabla.kernel.KernelMode;
import dev.nabla.kernel.Kernels;
import dev.nabla.kernel.Parallel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code nabla --version} prints: Nabla's version, the JVM that runs it, which kernels are in use
 * (the Vector API SIMD ones or their scalar twins) and how many threads the kernels may use.
 */
public final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "nabla " + nablaVersion(),
            "JVM: " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", "
                    + System.getProperty("java.vm.name") + ", " + System.getProperty("java.home") + ")",
            "kernels: " + kernels(),
            "threads: " + Parallel.threads() + " (-Dnabla.threads=N to change)",
        };
    }

    /** The project version, written into version.properties by Maven at build time. */
    static String nablaVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "(unknown version: " + RESOURCE + " is missing from the class path)";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return p.getProperty("version", "(unknown version)");
    }

    static String kernels() {
        if (!KernelMode.vector()) {
            return KernelMode.available() ? "scalar (Vector API SIMD kernels off: -Dnabla.kernel=scalar)"
                    : "scalar (no Vector API in this JVM: --add-modules jdk.incubator.vector)";
        }
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        return "Vector API SIMD (" + s.vectorBitSize() + "-bit, " + s.length() + " float lanes; underflow paths "
                + Kernels.underflowPaths() + ")";
    }
}
