/**
 * Nabla on an NVIDIA GPU: device storage and the ops of the MLP path through the CUDA runtime, cuBLAS and
 * NVRTC, called with the JDK's FFM API. Found by nabla-core through {@code ServiceLoader}; never required.
 */
module dev.nabla.cuda {
    requires dev.nabla.core;

    exports dev.nabla.cuda;

    provides dev.nabla.tensor.BackendProvider with dev.nabla.cuda.CudaProvider;
}
