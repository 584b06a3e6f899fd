package dev.nabla.onnx;

import java.io.IOException;

/**
 * An ONNX file Nabla cannot read: not a model, damaged, asking for more memory than its data holds, wired
 * in a cycle, or using an operator Nabla has no layer for. The message names the file's node or tensor,
 * what was expected and what came. Thrown before any model is returned: nothing is half-imported.
 */
public final class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
