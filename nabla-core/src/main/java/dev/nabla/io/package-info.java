/**
 * Model files: architecture JSON plus weights in safetensors, written atomically.
 *
 * <ul>
 *   <li>{@link dev.nabla.io.SafeTensors} reads and writes the safetensors format (PyTorch and Hugging Face
 *       read it too), validating a header completely before trusting it.</li>
 *   <li>{@link dev.nabla.io.ModelFile} saves a built layer as one such file, its architecture
 *       ({@code Layers.write}) and input shape in the header's metadata, and loads it back through the
 *       layer registry ({@code dev.nabla.nn.Layers}).</li>
 *   <li>{@link dev.nabla.io.AtomicFiles} writes a file so that a crash or an error never leaves a
 *       half-written one in place of the last good one, and removes the temporary files of a write that
 *       a killed process never finished.</li>
 *   <li>{@link dev.nabla.io.DirectoryLock} lets one run at a time write into a folder.</li>
 * </ul>
 *
 * <pre>{@code
 * Sequential model = Sequential.of(new Dense(16, relu()), new Dense(3)).build(42, 8);
 * ModelFile.save(Path.of("model.safetensors"), model);
 * Layer again = ModelFile.load(Path.of("model.safetensors"));   // same weights, same outputs
 * Map<String, Tensor> weights = SafeTensors.read(Path.of("model.safetensors")).tensors();
 * }</pre>
 *
 * Every problem with a file is a {@link dev.nabla.io.ModelFileException} naming the file, what was
 * expected and what was found.
 */
package dev.nabla.io;
