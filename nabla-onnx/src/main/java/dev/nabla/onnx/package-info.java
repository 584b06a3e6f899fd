/**
 * ONNX interop: a Nabla model out as an ONNX file ({@link dev.nabla.onnx.OnnxExport}), an ONNX file in as a
 * trainable {@link dev.nabla.nn.Graph} ({@link dev.nabla.onnx.OnnxImport}), and PyTorch state dicts through
 * safetensors ({@link dev.nabla.onnx.TorchWeights}). The file format is read and written with protobuf-java;
 * the message classes ({@code dev.nabla.onnx.proto}) are generated at build time from {@code src/main/proto/onnx.proto},
 * which holds the part of the ONNX schema we use, with the specification's field numbers.
 *
 * <pre>{@code
 * OnnxExport.write(model, Path.of("model.onnx"));          // opset 17, dynamic batch axis
 * Graph imported = OnnxImport.read(Path.of("model.onnx")); // trains further like any Graph
 * }</pre>
 */
package dev.nabla.onnx;
