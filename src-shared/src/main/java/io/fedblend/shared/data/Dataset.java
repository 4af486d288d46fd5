package io.fedblend.shared.data;

/**
 * Labelled 28x28 grey images held in memory as raw bytes (0..255), row-major, one image after another.
 * Models scale the pixels themselves so the dataset stays small (60k images = 47 MB).
 */
public record Dataset(String name, byte[] pixels, byte[] labels, int rows, int cols) {

    public static final int CLASSES = 10;

    public Dataset {
        if (pixels.length != (long) labels.length * rows * cols) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but "
                    + pixels.length + " pixel bytes for " + rows + "x" + cols + " images");
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return rows * cols;
    }

    /** The examples of one shard, copied. */
    public Dataset slice(Shard shard) {
        shard.checkWithin(size(), name);
        int px = imageSize();
        byte[] p = java.util.Arrays.copyOfRange(pixels, shard.from() * px, shard.to() * px);
        byte[] l = java.util.Arrays.copyOfRange(labels, shard.from(), shard.to());
        return new Dataset(name + shard, p, l, rows, cols);
    }
}
