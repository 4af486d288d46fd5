package io.fedblend.shared.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding, loading and verifying files; fetching is covered by {@link MnistFetchTest}. */
class MnistStoreTest {

    @TempDir
    Path dir;

    @Test
    void defaultDataDirPrefersEnvThenXdgCacheThenHomeCache() {
        assertEquals(Path.of("/data/x"), MnistStore.defaultDataDir(
                Map.of("FEDBLEND_DATA_DIR", "/data/x", "XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(Path.of("/xdg/fedblend/mnist"), MnistStore.defaultDataDir(
                Map.of("FEDBLEND_DATA_DIR", " ", "XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/fedblend/mnist"), MnistStore.defaultDataDir(Map.of(), "/home/u"));
    }

    @Test
    void missingFilesAreNamedWithWhereTheStoreLookedAndHowToFix() {
        MnistStore store = new MnistStore(dir.resolve("absent"));

        IOException e = assertThrows(IOException.class, store::train);

        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte not found (looked for " + dir.resolve("absent")
                .resolve("train-images-idx3-ubyte") + " and " + dir.resolve("absent")
                .resolve("train-images-idx3-ubyte.gz") + ")"), m);
        assertTrue(m.contains("train-labels-idx1-ubyte not found"), m);
        assertTrue(m.contains("does not exist"), m);
        assertTrue(m.contains("fedblend-client data fetch") && m.contains("copy the MNIST files there by hand"), m);
    }

    @Test
    void loadsAnyDatasetInIdxLayoutFromRawAndGzipFiles() throws IOException {
        IdxFiles.write(dir, "train-images-idx3-ubyte", IdxFiles.images(4));
        IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(0, 1, 2, 3));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(2)));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(7, 8)));
        MnistStore store = new MnistStore(dir);

        Dataset train = store.train();
        Dataset test = store.test();

        assertEquals(4, train.size());
        assertEquals(2, test.size());
        assertEquals(8, test.labels()[1]);
    }

    @Test
    void badFileContentIsReportedWithTheFileName() throws IOException {
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(2));
        Path labels = IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(7, 8, 9));

        IdxFormatException e = assertThrows(IdxFormatException.class, new MnistStore(dir)::test);

        assertTrue(e.getMessage().contains("holds 2 images but t10k-labels-idx1-ubyte holds 3 labels"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("t10k-images-idx3-ubyte").toString()), e.getMessage());
        assertTrue(Files.exists(labels));
    }

    @Test
    void verifyReportsEachFileThatIsNotMnist() throws IOException {
        IdxFiles.write(dir, "train-images-idx3-ubyte", IdxFiles.images(1));
        IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(1));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(1)));

        IOException e = assertThrows(IOException.class, new MnistStore(dir)::verify);

        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve("train-images-idx3-ubyte") + ": SHA-256 "), m);
        assertTrue(m.contains("differs from MNIST's " + MnistFile.TRAIN_IMAGES.sha256()), m);
        assertTrue(m.contains("differs from MNIST's " + MnistFile.TRAIN_LABELS.sha256()), m);
        assertTrue(m.contains(dir.resolve("t10k-images-idx3-ubyte.gz") + ": SHA-256 "), m);
        assertTrue(m.contains("t10k-labels-idx1-ubyte not found"), m);
    }

    @Test
    void verifyAcceptsRealMnistRawAndGzipped() throws IOException {
        MnistStore real = realMnist();
        for (MnistFile file : List.of(MnistFile.TRAIN_IMAGES, MnistFile.TEST_IMAGES)) {
            Files.createSymbolicLink(dir.resolve(file.fileName()), real.locate(file).orElseThrow());
        }
        for (MnistFile file : List.of(MnistFile.TRAIN_LABELS, MnistFile.TEST_LABELS)) {
            byte[] raw = Files.readAllBytes(real.locate(file).orElseThrow());
            IdxFiles.write(dir, file.gzipFileName(), IdxFiles.gzip(raw));
        }

        List<String> lines = new MnistStore(dir).verify();

        assertEquals(4, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains(": ok (SHA-256 ")), lines.toString());
        assertTrue(lines.get(1).contains("train-labels-idx1-ubyte.gz"), lines.toString());
    }

    @Test
    void loadsRealMnist() throws IOException {
        MnistStore store = realMnist();

        Dataset train = store.train();
        Dataset test = store.test();

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(5, train.labels()[0]);
        assertEquals(7, test.labels()[0]);
        assertEquals(28 * 28 * 60_000, train.pixels().length);
    }

    /** The real MNIST in the default data dir, fetched when missing. */
    static MnistStore realMnist() {
        return io.fedblend.shared.RealMnist.store();
    }

    @Test
    void locatePrefersTheRawFile() throws IOException {
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(1)));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte.gz"), new MnistStore(dir).locate(MnistFile.TEST_LABELS).get());

        IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(1));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte"), new MnistStore(dir).locate(MnistFile.TEST_LABELS).get());
        assertFalse(new MnistStore(dir).locate(MnistFile.TRAIN_LABELS).isPresent());
    }
}
