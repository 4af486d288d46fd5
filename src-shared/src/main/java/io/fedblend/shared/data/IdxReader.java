package io.fedblend.shared.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads labelled images from a pair of IDX files (the MNIST layout): an idx3 file of unsigned-byte
 * images and an idx1 file of unsigned-byte labels, each raw or gzip-compressed. Anything that does not
 * fit exactly — magic number, dimensions, payload length, label range, counts — is refused with an
 * {@link IdxFormatException} naming the file, so a bad download never trains a model silently.
 */
public final class IdxReader {

    /** idx1, unsigned bytes: 0x00 0x00 type 0x08, one dimension. */
    static final int LABELS_MAGIC = 0x00000801;
    /** idx3, unsigned bytes: 0x00 0x00 type 0x08, three dimensions. */
    static final int IMAGES_MAGIC = 0x00000803;
    /** FedBlend's models take 28x28 grey images in 10 classes. */
    public static final int ROWS = 28;
    public static final int COLS = 28;

    private static final int BUFFER_SIZE = 1 << 16;
    // Java arrays stop a little short of Integer.MAX_VALUE.
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Reads a dataset named after the images file (e.g. {@code train} for train-images-idx3-ubyte.gz). */
    public static Dataset read(Path images, Path labels) throws IOException {
        return read(datasetName(images), images, labels);
    }

    public static Dataset read(String name, Path images, Path labels) throws IOException {
        byte[] labelValues = readLabels(labels);
        try (InputStream in = open(images)) {
            return guarded(images, () -> {
                int[] dims = readHeader(in, images, IMAGES_MAGIC, "an idx3 image file", 3);
                int count = dims[0];
                if (count != labelValues.length) {
                    throw new IdxFormatException(images, "holds " + count + " images but " + labels.getFileName()
                            + " holds " + labelValues.length + " labels; images and labels must come in pairs");
                }
                if (dims[1] != ROWS || dims[2] != COLS) {
                    throw new IdxFormatException(images, "images are " + dims[1] + "x" + dims[2]
                            + " pixels; FedBlend's models take " + ROWS + "x" + COLS);
                }
                long size = (long) count * ROWS * COLS;
                if (size > MAX_PAYLOAD) {
                    throw new IdxFormatException(images, "declares " + count + " images, too many to hold in memory");
                }
                byte[] pixels = readPayload(in, images, (int) size, count + " images of " + ROWS + "x" + COLS);
                return new Dataset(name, pixels, labelValues, ROWS, COLS);
            });
        }
    }

    /** Reads an idx1 label file; every label must be a class 0..9. */
    public static byte[] readLabels(Path labels) throws IOException {
        try (InputStream in = open(labels)) {
            return guarded(labels, () -> {
                int count = readHeader(in, labels, LABELS_MAGIC, "an idx1 label file", 1)[0];
                byte[] values = readPayload(in, labels, count, count + " labels");
                for (int i = 0; i < values.length; i++) {
                    int label = values[i] & 0xFF;
                    if (label >= Dataset.CLASSES) {
                        throw new IdxFormatException(labels, "label " + label + " at index " + i
                                + " is outside 0.." + (Dataset.CLASSES - 1));
                    }
                }
                return values;
            });
        }
    }

    /** {@code train} for train-images-idx3-ubyte(.gz); otherwise the file name itself. */
    static String datasetName(Path images) {
        String file = images.getFileName().toString();
        String name = file.replaceFirst("\\.gz$", "").replaceFirst("-images[-.]idx3-ubyte$", "");
        return name.isEmpty() ? file : name;
    }

    /** Opens a file buffered, unwrapping gzip when the content starts with gzip's magic bytes, whatever its name. */
    private static InputStream open(Path file) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new GZIPInputStream(in, BUFFER_SIZE);
            } catch (ZipException | EOFException e) {
                in.close();
                throw new IdxFormatException(file, "starts like a gzip file but is damaged: " + e.getMessage(), e);
            }
        }
        return in;
    }

    private interface Parse<T> {
        T run() throws IOException;
    }

    /** Turns gzip's own failures (corrupt or cut-off compressed data) into a message naming the file. */
    private static <T> T guarded(Path file, Parse<T> parse) throws IOException {
        try {
            return parse.run();
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "is a damaged or truncated gzip file: " + e.getMessage(), e);
        }
    }

    /** Checks the magic number and returns the dimension sizes, each at least 1. */
    private static int[] readHeader(InputStream in, Path file, int expectedMagic, String kind, int dimensions)
            throws IOException {
        int headerSize = 4 + 4 * dimensions;
        byte[] header = in.readNBytes(headerSize);
        if (header.length >= 4) {
            int magic = ByteBuffer.wrap(header, 0, 4).getInt();
            if (magic != expectedMagic) {
                throw new IdxFormatException(file, String.format("wrong magic number 0x%08X, expected 0x%08X (%s)%s",
                        magic, expectedMagic, kind, magicHint(magic)));
            }
        }
        if (header.length < headerSize) {
            throw new IdxFormatException(file, "truncated: only " + header.length + " bytes, but the header of "
                    + kind + " takes " + headerSize);
        }
        ByteBuffer buf = ByteBuffer.wrap(header, 4, headerSize - 4);
        int[] dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++) {
            dims[d] = buf.getInt();
            if (dims[d] < 1) {
                throw new IdxFormatException(file, "dimension " + d + " has size "
                        + Integer.toUnsignedString(dims[d]) + "; each must be between 1 and " + Integer.MAX_VALUE);
            }
        }
        return dims;
    }

    private static String magicHint(int magic) {
        if (magic == IMAGES_MAGIC) {
            return "; this is an idx3 image file — are images and labels swapped?";
        }
        if (magic == LABELS_MAGIC) {
            return "; this is an idx1 label file — are images and labels swapped?";
        }
        if ((magic >>> 16) == 0) {
            return String.format("; found an IDX file of element type 0x%02X with %d dimensions, but only unsigned"
                    + " bytes (0x08) are supported", (magic >>> 8) & 0xFF, magic & 0xFF);
        }
        return "; this is not an IDX file";
    }

    /** Reads exactly {@code size} bytes and refuses both a short payload and anything after it. */
    private static byte[] readPayload(InputStream in, Path file, int size, String what) throws IOException {
        byte[] payload = new byte[size];
        int read = in.readNBytes(payload, 0, size);
        if (read < size) {
            throw new IdxFormatException(file, "truncated: the header declares " + what + " (" + size
                    + " bytes) but only " + read + " bytes follow");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new IdxFormatException(file, extra + " unexpected trailing bytes after the " + what
                    + " its header declares");
        }
        return payload;
    }
}
