package io.fedblend.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void weightsRoundTripBitForBit() throws IOException {
        Weights w = InitialWeights.of(ModelSpec.CNN, 9L);
        Path file = dir.resolve("round-0.ckpt");
        String sha = CheckpointFile.write(file, ModelSpec.CNN, w);

        Checkpoint back = CheckpointFile.read(file, sha);
        assertEquals(ModelSpec.CNN, back.spec());
        assertTrue(back.weights().sameAs(w));
        assertEquals(sha, back.sha256());
        assertEquals(sha, CheckpointFile.sha256(file));
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.ckpt");
        CheckpointFile.write(file, ModelSpec.MLP, InitialWeights.of(ModelSpec.MLP, 1L));
        Weights second = InitialWeights.of(ModelSpec.MLP, 2L);
        CheckpointFile.write(file, ModelSpec.MLP, second);

        assertTrue(CheckpointFile.read(file).weights().sameAs(second));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void refusesAMissingFile() {
        Path file = dir.resolve("absent.ckpt");
        assertRefused(file, "does not exist");
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(file, "truncated");
    }

    @Test
    void refusesAFileWithGarbledMagic() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] = 'X';
        Files.write(file, bytes);
        assertRefused(file, "not a FedBlend checkpoint");
    }

    @Test
    void refusesAFileWithAFlippedBitInTheWeights() throws IOException {
        Path file = written();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertRefused(file, "corrupt");
    }

    @Test
    void refusesAFileWhoseSha256DiffersFromTheRecordedOne() throws IOException {
        Path file = written();
        String recorded = CheckpointFile.sha256(file);
        CheckpointFile.write(file, ModelSpec.MLP, InitialWeights.of(ModelSpec.MLP, 99L));
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file, recorded));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(recorded), e.getMessage());
    }

    @Test
    void refusesAnUnknownModel() throws IOException {
        Path file = written();
        replace(file, "mlp", "rnn");
        assertRefused(file, "unknown model 'rnn'");
    }

    @Test
    void refusesAnotherArchitectureUnderAKnownName() throws IOException {
        Path file = written();
        String fingerprint = ModelSpec.MLP.fingerprint();
        replace(file, fingerprint, "0".repeat(fingerprint.length()));
        assertRefused(file, "fingerprint");
    }

    @Test
    void writeRefusesWeightsOfAnotherModel() {
        Weights cnn = InitialWeights.of(ModelSpec.CNN, 1L);
        assertThrows(IllegalArgumentException.class,
                () -> CheckpointFile.write(dir.resolve("x.ckpt"), ModelSpec.MLP, cnn));
    }

    private Path written() throws IOException {
        Path file = dir.resolve("model.ckpt");
        CheckpointFile.write(file, ModelSpec.MLP, InitialWeights.of(ModelSpec.MLP, 1L));
        return file;
    }

    /** Replaces the first occurrence of {@code from} and re-seals the file, so only the meaning is wrong. */
    private static void replace(Path file, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, a);
        System.arraycopy(b, 0, bytes, at, b.length);
        byte[] digest = sha256(Arrays.copyOf(bytes, bytes.length - 32));
        System.arraycopy(digest, 0, bytes, bytes.length - 32, 32);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(Path file, String fault) {
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fault), e.getMessage());
    }
}
