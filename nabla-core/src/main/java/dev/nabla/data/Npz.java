package dev.nabla.data;

import dev.nabla.io.AtomicFiles;
import dev.nabla.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz archives ({@code np.savez}, {@code np.savez_compressed}): a zip file holding one .npy file
 * per array, named {@code <key>.npy}. Keys are returned without the suffix, in the archive's order.
 *
 * <pre>{@code
 * Map<String, Tensor> arrays = Npz.read(Path.of("data.npz"));   // np.savez("data.npz", x=x, y=y)
 * Tensor x = arrays.get("x");
 * Npz.write(Path.of("out.npz"), Map.of("x", x));                // np.load("out.npz")["x"]
 * }</pre>
 *
 * <p>Sizes recorded in a zip are claims like any other, so each entry is read as a stream whose data is
 * staged until it has really arrived (see {@link BinaryArrays}); an entry that is not a .npy file, or
 * two entries with the same key, are refused rather than skipped.
 */
public final class Npz {
    private Npz() {}

    /** Reads every array of the archive, keyed by entry name without ".npy". */
    public static Map<String, Tensor> read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            // a damaged end record can point the JDK's reader past the end of the file: EOFException, no message
            throw new DataFormatException(file, "not a zip archive, so not an .npz file ("
                    + (e instanceof EOFException ? "its directory points past the end of the file" : e.getMessage()) + ")", e);
        }
        try (zip) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry entry = it.nextElement();
                if (entry.isDirectory()) {
                    continue; // holds no data
                }
                String name = entry.getName();
                String what = "entry '" + name + "': ";
                if (!name.endsWith(".npy")) {
                    throw new DataFormatException(file, what + "not a .npy file (an .npz archive holds only <key>.npy entries)");
                }
                String key = name.substring(0, name.length() - 4);
                if (out.containsKey(key)) {
                    throw new DataFormatException(file, what + "a second array named '" + key + "'");
                }
                out.put(key, entry(zip, entry, file, what));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** Writes the arrays as {@code <key>.npy} entries, deflated, atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Map<String, Tensor> arrays) throws IOException {
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("Npz.write: every array needs a non-empty name and a tensor, got '"
                        + e.getKey() + "' -> " + (e.getValue() == null ? "null" : e.getValue().shape()));
            }
        }
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish(); // writes the central directory; AtomicFiles owns the underlying stream
        });
    }

    private static Tensor entry(ZipFile zip, ZipEntry entry, Path file, String what) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return Npy.read(in, -1, file, what);
        } catch (EOFException e) {
            throw new DataFormatException(file, what + "truncated compressed data (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DataFormatException(file, what + "corrupt compressed data (" + e.getMessage() + ")", e);
        }
    }
}
