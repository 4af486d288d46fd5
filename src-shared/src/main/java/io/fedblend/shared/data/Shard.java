package io.fedblend.shared.data;

/** A contiguous slice {@code [from, to)} of a dataset's examples. */
public record Shard(int from, int to) {

    public Shard {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("shard [" + from + ", " + to + ") is empty or negative");
        }
    }

    /** Parses {@code "30000:60000"}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard '" + text + "' must look like FROM:TO, e.g. 30000:60000");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "' must look like FROM:TO with whole numbers");
        }
    }

    public int size() {
        return to - from;
    }

    /** Throws when this shard reaches past a dataset of {@code datasetSize} examples. */
    public Shard checkWithin(int datasetSize, String datasetName) {
        if (to > datasetSize) {
            throw new IllegalArgumentException("shard " + this + " reaches past the " + datasetSize
                    + " examples of " + datasetName);
        }
        return this;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
