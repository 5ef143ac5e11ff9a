package dev.kiln.inference.api.rest;

import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.TensorSpec;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns a PNG or JPEG into one sample of a model's image input: resized (bilinear) to the input's height and width,
 * grayscale when the input has one channel (a grayscale image is read as stored, with no colour-space conversion),
 * channels first, pixel / 255 as in training.
 */
final class ImageInput {
    /** The most pixels an uploaded image may have, whatever its file size: 4096x4096. */
    static final long MAX_PIXELS = 4096L * 4096;

    private ImageInput() {}

    /** The sample's dimensions {@code [channels, height, width]} for an image input, or an error saying why not. */
    static int[] imageDims(TensorSpec input) {
        List<Long> shape = input.shape();
        if (shape.size() == 4 && (shape.get(1) == 1 || shape.get(1) == 3) && shape.get(2) > 0 && shape.get(3) > 0) {
            return new int[] {
                shape.get(1).intValue(), shape.get(2).intValue(), shape.get(3).intValue()
            };
        }
        if (shape.size() == 3 && shape.get(1) > 0 && shape.get(2) > 0) {
            return new int[] {1, shape.get(1).intValue(), shape.get(2).intValue()};
        }
        throw InferenceException.invalid("model input " + input.describe() + " is not an image ([-1, C, H, W] with C"
                + " 1 or 3, or [-1, H, W]); send {\"instances\": [...]} as JSON instead");
    }

    static float[] read(byte[] bytes, TensorSpec input) {
        int[] dims = imageDims(input);
        int channels = dims[0];
        int height = dims[1];
        int width = dims[2];
        BufferedImage source = decode(bytes);
        boolean gray = source.getType() == BufferedImage.TYPE_BYTE_GRAY;
        BufferedImage image = gray ? source : rgb(source);
        if (image.getWidth() != width || image.getHeight() != height) {
            image = resize(image, width, height, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        }
        float[] sample = new float[channels * height * width];
        Raster raster = image.getRaster();
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (gray) {
                    float value = raster.getSample(x, y, 0) / 255f;
                    for (int c = 0; c < channels; c++) {
                        sample[c * plane + i] = value;
                    }
                } else {
                    int rgb = image.getRGB(x, y);
                    float r = ((rgb >> 16) & 0xff) / 255f;
                    float g = ((rgb >> 8) & 0xff) / 255f;
                    float b = (rgb & 0xff) / 255f;
                    if (channels == 1) {
                        sample[i] = 0.299f * r + 0.587f * g + 0.114f * b;
                    } else {
                        sample[i] = r;
                        sample[plane + i] = g;
                        sample[2 * plane + i] = b;
                    }
                }
            }
        }
        return sample;
    }

    static BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw InferenceException.invalid("the body is not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkPixels(reader.getWidth(0), reader.getHeight(0));
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InferenceException known) {
                throw known;
            }
            throw InferenceException.invalid("the body could not be read as an image: " + e.getMessage());
        }
    }

    /** The header's size is checked before any pixel is decoded: a small file may claim a huge image. */
    private static void checkPixels(int width, int height) {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0 || pixels > MAX_PIXELS) {
            throw InferenceException.invalid(String.format(
                    Locale.ROOT,
                    "the image is %dx%d (%,d pixels); images may have at most %,d pixels (e.g. 4096x4096)",
                    width,
                    height,
                    pixels,
                    MAX_PIXELS));
        }
    }

    /** Any image as 8-bit RGB; transparent pixels become black, the background of the training images. */
    private static BufferedImage rgb(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        return resize(source, source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
    }

    private static BufferedImage resize(BufferedImage source, int width, int height, int type) {
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
