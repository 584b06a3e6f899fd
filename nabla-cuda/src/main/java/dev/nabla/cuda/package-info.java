/**
 * Tensors on an NVIDIA GPU, from the JDK alone: the CUDA runtime, the driver API, cuBLAS and NVRTC called
 * through the FFM API ({@code Native}), libraries found at run time ({@link dev.nabla.cuda.CudaLibraries}),
 * kernels kept as CUDA C source and compiled by NVRTC on first use, cached on disk
 * ({@code CudaKernels}). {@link dev.nabla.cuda.CudaBackend} is a {@code dev.nabla.tensor.Backend}: float32
 * ops of the MLP path on the device, the rest through the host, counted. Opened by
 * {@code Backend.forDevice(Device.of("cuda"))} through {@link dev.nabla.cuda.CudaProvider}.
 */
package dev.nabla.cuda;
