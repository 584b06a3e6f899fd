package dev.nabla.data;

import dev.nabla.tensor.Generator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes a small image folder to train on where no photo set can be downloaded: circles, squares and
 * triangles ({@link #CLASSES}), one folder per class in {@link ImageFolder}'s layout, drawn with Java 2D
 * at random sizes, places, turns and colours from a seed. Every other file is a JPEG, the rest PNGs, so
 * a reader meets both. {@code nabla shapes DIR} runs it from the command line.
 *
 * <p>Drawn without antialiasing, so the pixels follow from the seed alone (Java 2D's fill rules): a light
 * shape on a dark background at least 80 levels below it, in random tints, so the classes are told by
 * shape, not by colour.
 */
public final class ShapeImages {
    /** The class folders, in the order the reader numbers them. */
    public static final List<String> CLASSES = List.of("circle", "square", "triangle");

    private ShapeImages() {}

    /**
     * Draws {@code perClass} images of {@code size × size} pixels for each class into {@code dir/<class>/},
     * named {@code <class>-0000.png}, {@code <class>-0001.jpg}, ...
     *
     * @return the files written
     */
    public static int write(Path dir, int perClass, int size, long seed) throws IOException {
        if (perClass < 1 || size < 8) {
            throw new IllegalArgumentException("ShapeImages: need perClass >= 1 and size >= 8, got " + perClass + " and " + size);
        }
        Generator random = new Generator(seed);
        int written = 0;
        for (String shape : CLASSES) {
            Path classDir = Files.createDirectories(dir.resolve(shape));
            for (int i = 0; i < perClass; i++) {
                boolean jpeg = i % 2 == 1;
                BufferedImage image = draw(shape, size, random);
                Path file = classDir.resolve(String.format("%s-%04d.%s", shape, i, jpeg ? "jpg" : "png"));
                if (!ImageIO.write(image, jpeg ? "jpg" : "png", file.toFile())) {
                    throw new IOException(file + ": ImageIO has no " + (jpeg ? "JPEG" : "PNG") + " writer");
                }
                written++;
            }
        }
        return written;
    }

    private static BufferedImage draw(String shape, int size, Generator random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int background = random.nextInt(96);
            int level = background + 80 + random.nextInt(176 - background);
            g.setColor(tint(background, random));
            g.fillRect(0, 0, size, size);
            g.setColor(tint(level, random));
            double r = size * (0.22 + 0.18 * random.nextDouble()); // half the shape's extent
            double cx = r + (size - 2 * r) * random.nextDouble(), cy = r + (size - 2 * r) * random.nextDouble();
            double turn = 2 * Math.PI * random.nextDouble();
            switch (shape) {
                case "circle" -> g.fillOval((int) Math.round(cx - r), (int) Math.round(cy - r), (int) Math.round(2 * r),
                        (int) Math.round(2 * r));
                case "square" -> g.fillPolygon(polygon(4, cx, cy, r, turn));
                default -> g.fillPolygon(polygon(3, cx, cy, r, turn));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A colour of about the given brightness: each channel within 20 levels of it. */
    private static Color tint(int level, Generator random) {
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = Math.clamp(level - 20 + random.nextInt(41), 0, 255);
        }
        return new Color(c[0], c[1], c[2]);
    }

    /** A regular polygon of {@code corners} corners on the circle of radius r about (cx, cy), turned by {@code turn}. */
    private static Polygon polygon(int corners, double cx, double cy, double r, double turn) {
        Polygon p = new Polygon();
        for (int k = 0; k < corners; k++) {
            double a = turn + 2 * Math.PI * k / corners;
            p.addPoint((int) Math.round(cx + r * StrictMath.cos(a)), (int) Math.round(cy + r * StrictMath.sin(a)));
        }
        return p;
    }
}
