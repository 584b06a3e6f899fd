/**
 * Nabla core: tensors with reverse-mode automatic differentiation, and the kernels under them.
 * Pure Java; the Vector API (an incubator module) carries the SIMD kernels.
 */
module dev.nabla.core {
    requires jdk.incubator.vector;
    requires com.google.gson;
    requires java.desktop; // ImageIO: the image folder reader (data.ImageFolder)

    exports dev.nabla.kernel;
    exports dev.nabla.tensor;
    exports dev.nabla.autograd;
    exports dev.nabla.nn;
    exports dev.nabla.loss;
    exports dev.nabla.optim;
    exports dev.nabla.train;
    exports dev.nabla.io;
    exports dev.nabla.data;
    exports dev.nabla.spec;

    // another module's device (nabla-cuda) is found at run time, never required
    uses dev.nabla.tensor.BackendProvider;
}
