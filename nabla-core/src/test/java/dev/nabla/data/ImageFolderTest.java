package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image folders written here with ImageIO: values, order, classes, resizing, and every refusal naming its file. */
class ImageFolderTest {
    @TempDir
    Path dir;

    /** A gray PNG whose pixel (x, y) is {@code base + 10 y + x}. */
    private Path grayPng(String rel, int w, int h, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        return write(img, rel, "png");
    }

    private Path rgbPng(String rel, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return write(img, rel, "png");
    }

    private Path write(BufferedImage img, String rel, String format) throws IOException {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        assertTrue(ImageIO.write(img, format, f.toFile()));
        return f;
    }

    @Test
    void readsClassesSortedAndPixelsAsStored() throws IOException {
        grayPng("b/2.png", 3, 2, 100);
        grayPng("b/1.png", 3, 2, 0);
        grayPng("a/z.png", 3, 2, 50);
        Dataset d = ImageFolder.read(dir, new ImageFolder.Options(1, 0, 0, false));
        assertEquals(List.of("a", "b"), d.classNames());
        assertArrayEquals(new int[] {3, 1, 2, 3}, d.features().shape().dims());
        assertArrayEquals(new int[] {0, 1, 1}, d.targets().toIntArray());
        // a/z (50..), then b/1 (0..), then b/2 (100..): gray values as stored, not gamma-converted by getRGB
        assertArrayEquals(new float[] {50, 51, 52, 60, 61, 62, 0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112},
                d.features().f32());
        Dataset unit = ImageFolder.read(dir, new ImageFolder.Options(1, 0, 0, true));
        assertEquals(61f / 255f, unit.features().f32()[4]);
    }

    @Test
    void grayOfRgbIsLumaAndRgbOfGrayRepeats() throws IOException {
        rgbPng("c/a.png", 2, 2, 0xC86432); // r 200, g 100, b 50
        Dataset gray = ImageFolder.read(dir, new ImageFolder.Options(1, 0, 0, false));
        assertEquals((float) Math.rint(0.299 * 200 + 0.587 * 100 + 0.114 * 50), gray.features().f32()[0]);
        Dataset rgb = ImageFolder.read(dir, new ImageFolder.Options(3, 0, 0, false));
        float[] v = rgb.features().f32();
        assertEquals(200f, v[0]);
        assertEquals(100f, v[4]);
        assertEquals(50f, v[8]);
        Files.delete(dir.resolve("c/a.png"));
        grayPng("c/g.png", 2, 1, 7);
        assertArrayEquals(new float[] {7, 8, 7, 8, 7, 8}, ImageFolder.read(dir, new ImageFolder.Options(3, 0, 0, false))
                .features().f32());
    }

    @Test
    void resizeIsBilinearWithHalfPixelCentres() throws IOException {
        grayPng("c/a.png", 4, 1, 0); // 0 1 2 3
        Tensor x = ImageFolder.read(dir, new ImageFolder.Options(1, 1, 2, false)).features();
        // output x=0 reads source 0.5 (0.5), x=1 reads 2.5 (2.5): torch interpolate(align_corners=False)
        assertArrayEquals(new float[] {0.5f, 2.5f}, x.f32());
        Tensor up = ImageFolder.read(dir, new ImageFolder.Options(1, 2, 8, false)).features();
        // upsampling: sources -0.25 (clamped to 0), 0.25, 0.75, ..., 3.25 (clamped to 3); rows repeat
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3}, java.util.Arrays.copyOf(up.f32(), 8));
    }

    @Test
    void mixedSizesWithoutResizeAreRefusedNamingTheFile() throws IOException {
        grayPng("a/1.png", 3, 2, 0);
        Path odd = grayPng("a/2.png", 4, 2, 0);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> ImageFolder.read(dir, new ImageFolder.Options(1, 0, 0, true)));
        assertTrue(e.getMessage().contains(odd.toString()) && e.getMessage().contains("\"size\""), e.getMessage());
        assertEquals(2, ImageFolder.read(dir, new ImageFolder.Options(1, 5, 5, true)).size()); // resizing takes both
    }

    @Test
    void nonImageDamagedAndStrayFilesAreRefusedNamingTheFile() throws IOException {
        grayPng("a/1.png", 3, 2, 0);
        Path text = Files.writeString(dir.resolve("a/notes.txt"), "not an image");
        assertNamed(text, "not an image");
        Files.delete(text);
        Path png = grayPng("a/2.png", 3, 2, 0);
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated
        assertNamed(png, "cannot be decoded");
        Files.delete(png);
        Path stray = Files.writeString(dir.resolve("README"), "x");
        assertNamed(stray, "beside the class folders");
        Files.delete(stray);
        Files.writeString(dir.resolve("a/.DS_Store"), "hidden files are not samples");
        assertEquals(1, ImageFolder.read(dir, ImageFolder.Options.defaults()).size());
    }

    @Test
    void emptyClassMissingFolderAndNoClassesAreRefused() throws IOException {
        assertNamed(dir, "no class folders");
        grayPng("a/1.png", 3, 2, 0);
        Path empty = Files.createDirectories(dir.resolve("b"));
        assertNamed(empty, "empty class folder");
        assertThrows(NoSuchFileException.class, () -> ImageFolder.read(dir.resolve("nope"), ImageFolder.Options.defaults()));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ImageFolder.Options(2, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new ImageFolder.Options(1, 4, 0, true));
    }

    @Test
    void shapeImagesReadBackAsThreeClassesOfPngAndJpeg() throws IOException {
        assertEquals(12, ShapeImages.write(dir, 4, 16, 3));
        assertTrue(Files.exists(dir.resolve("square/square-0001.jpg")) && Files.exists(dir.resolve("square/square-0002.png")));
        Dataset d = ImageFolder.read(dir, new ImageFolder.Options(3, 0, 0, true));
        assertEquals(ShapeImages.CLASSES, d.classNames());
        assertArrayEquals(new int[] {12, 3, 16, 16}, d.features().shape().dims());
        for (float v : d.features().f32()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    private void assertNamed(Path file, String problem) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.read(dir, ImageFolder.Options.defaults()));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(problem), e.getMessage());
    }
}
