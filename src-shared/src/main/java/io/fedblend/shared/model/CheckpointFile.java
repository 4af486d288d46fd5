package io.fedblend.shared.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Model weights on disk in a small self-checking format, little-endian throughout:
 * <pre>
 * "FBCKPT01" magic | int32 version | int64 file length | spec name | spec fingerprint | int32 tensor count
 * per tensor: name | int32 rank | int64 dims[rank] | float32 values
 * SHA-256 of everything before it (32 bytes)
 * </pre>
 * Strings are an int32 byte length and UTF-8 bytes. The length and trailing digest let a reader tell a
 * truncated or damaged file from a good one without knowing the SHA-256 recorded elsewhere.
 */
public final class CheckpointFile {

    private static final byte[] MAGIC = "FBCKPT01".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 8;
    private static final int DIGEST = 32;
    private static final int MAX_RANK = 8;

    private CheckpointFile() {
    }

    /**
     * Writes {@code w} to {@code file} atomically: a temporary file in the same directory is written,
     * synced, then renamed over the target, so readers see the old file or the new one, never half of one.
     *
     * @return the SHA-256 (hex) of the written file
     */
    public static String write(Path file, ModelSpec spec, Weights w) throws IOException {
        if (!w.specs().equals(spec.tensors())) {
            throw new IllegalArgumentException("weights " + w.specs() + " do not match model " + spec.name()
                    + " " + spec.tensors());
        }
        byte[] bytes = encode(spec, w);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** Reads and checks a checkpoint; throws IOException naming the file if anything is wrong with it. */
    public static Checkpoint read(Path file) throws IOException {
        return read(file, null);
    }

    /** As {@link #read(Path)}, and also refuses a file whose SHA-256 is not {@code expectedSha256}. */
    public static Checkpoint read(Path file, String expectedSha256) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("checkpoint " + file + " does not exist", e);
        }
        String sha = HexFormat.of().formatHex(sha256().digest(bytes));
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha)) {
            throw new IOException("checkpoint " + file + " has SHA-256 " + sha + " but " + expectedSha256
                    + " was recorded for it: the file was changed or replaced");
        }
        checkFraming(file, bytes);
        try {
            return decode(file, bytes, sha);
        } catch (BufferUnderflowException e) {
            throw new IOException("checkpoint " + file + " is corrupt: it ends in the middle of a tensor", e);
        }
    }

    /** SHA-256 (hex) of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] encode(ModelSpec spec, Weights w) {
        byte[] name = utf8(spec.name());
        byte[] fingerprint = utf8(spec.fingerprint());
        long size = HEADER + 4L + name.length + 4L + fingerprint.length + 4L + DIGEST;
        for (Weights.Tensor t : w.tensors()) {
            size += 4L + utf8(t.name()).length + 4L + 8L * t.spec().shape().length + 4L * t.values().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model " + spec.name() + " is too large for a checkpoint file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(VERSION).putLong(size);
        putString(out, name);
        putString(out, fingerprint);
        out.putInt(w.size());
        for (Weights.Tensor t : w.tensors()) {
            putString(out, utf8(t.name()));
            long[] shape = t.spec().shape();
            out.putInt(shape.length);
            for (long d : shape) {
                out.putLong(d);
            }
            out.asFloatBuffer().put(t.values());
            out.position(out.position() + 4 * t.values().length);
        }
        out.put(sha256().digest(Arrays.copyOf(out.array(), out.position())));
        return out.array();
    }

    /** Magic, version, declared length and trailing digest: everything but the content's meaning. */
    private static void checkFraming(Path file, byte[] bytes) throws IOException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("checkpoint " + file + " is not a FedBlend checkpoint (bad magic number)"
                    + (bytes.length < MAGIC.length ? "; it is truncated to " + bytes.length + " bytes" : ""));
        }
        if (bytes.length < HEADER + DIGEST) {
            throw new IOException("checkpoint " + file + " is truncated: " + bytes.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).position(MAGIC.length);
        int version = header.getInt();
        if (version != VERSION) {
            throw new IOException("checkpoint " + file + " has format version " + version
                    + "; this build reads version " + VERSION);
        }
        long declared = header.getLong();
        if (bytes.length < declared) {
            throw new IOException("checkpoint " + file + " is truncated: " + bytes.length + " of " + declared
                    + " bytes");
        }
        if (bytes.length != declared) {
            throw new IOException("checkpoint " + file + " is corrupt: it has " + bytes.length
                    + " bytes but its header says " + declared);
        }
        byte[] digest = sha256().digest(Arrays.copyOf(bytes, bytes.length - DIGEST));
        if (!Arrays.equals(digest, 0, DIGEST, bytes, bytes.length - DIGEST, bytes.length)) {
            throw new IOException("checkpoint " + file + " is corrupt: its content does not match its own checksum");
        }
    }

    private static Checkpoint decode(Path file, byte[] bytes, String sha) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes, HEADER, bytes.length - HEADER - DIGEST).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        String specName = getString(file, in);
        ModelSpec spec;
        try {
            spec = ModelSpec.byName(specName);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + file + " holds " + e.getMessage(), e);
        }
        String fingerprint = getString(file, in);
        if (!fingerprint.equals(spec.fingerprint())) {
            throw new IOException("checkpoint " + file + " was written for another '" + spec.name()
                    + "' architecture (fingerprint " + fingerprint + ", this build has " + spec.fingerprint() + ")");
        }
        int count = in.getInt();
        if (count != spec.tensors().size()) {
            throw new IOException("checkpoint " + file + " holds " + count + " tensors; model " + spec.name()
                    + " has " + spec.tensors().size());
        }
        List<Weights.Tensor> tensors = new ArrayList<>();
        for (TensorSpec expected : spec.tensors()) {
            String name = getString(file, in);
            int rank = in.getInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new IOException("checkpoint " + file + " is corrupt: tensor " + name + " has rank " + rank);
            }
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in.getLong();
            }
            TensorSpec found = new TensorSpec(name, shape);
            if (!found.equals(expected)) {
                throw new IOException("checkpoint " + file + " holds tensor " + found + " where model "
                        + spec.name() + " expects " + expected);
            }
            float[] values = new float[expected.elementCount()];
            in.asFloatBuffer().get(values);
            in.position(in.position() + 4 * values.length);
            tensors.add(new Weights.Tensor(expected, values));
        }
        if (in.hasRemaining()) {
            throw new IOException("checkpoint " + file + " is corrupt: " + in.remaining()
                    + " unexpected bytes after the last tensor");
        }
        return new Checkpoint(spec, Weights.of(tensors), sha);
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putInt(utf8.length).put(utf8);
    }

    private static String getString(Path file, ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("checkpoint " + file + " is corrupt: a name claims " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
