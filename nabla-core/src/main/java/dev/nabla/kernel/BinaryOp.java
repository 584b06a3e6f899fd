package dev.nabla.kernel;

/** Elementwise binary operations the kernels know. Comparisons yield 1 or 0 in the operands' type. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, POW,
    GT, GE, LT, LE, EQ, NE;

    /** True for the comparisons, whose result carries no gradient. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }
}
