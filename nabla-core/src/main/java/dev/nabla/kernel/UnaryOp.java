package dev.nabla.kernel;

/** Elementwise unary operations the kernels know. */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, SQRT, TANH, SIGMOID, RELU,
    /** -1, 0 or 1 (0 at 0; NaN stays NaN). */
    SIGN,
    /** Heaviside: 1 where x &gt; 0, else 0 (NaN stays NaN). */
    STEP,
    SQUARE, RECIPROCAL
}
