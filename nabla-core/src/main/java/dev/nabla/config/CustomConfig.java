package dev.nabla.config;

import java.util.Map;

/**
 * A value that writes its own config entries, for the rare settings whose file form is not one entry
 * per record component (Adam's {@code "betas": [0.9, 0.999]}, PyTorch's spelling, for two components).
 * Its reader must accept what this writes; the registries' round-trip tests hold them to it.
 */
public interface CustomConfig {
    /** The entries besides the registry's discriminator, in file order. */
    Map<String, Object> configEntries();
}
