package io.fedblend.client.compare;

import io.fedblend.client.CommandFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the baseline and final checkpoints of a run in the server's models folder, laid out as
 * {@code models/run-<id>/baseline.fbm}, {@code round-N.fbm} and {@code final.fbm}. Tolerant: the folder may be
 * one run's folder itself, and a run without {@code final.fbm} (still running) falls back to its highest numbered
 * round checkpoint.
 */
public final class CheckpointLocator {

    public static final String EXTENSION = ".fbm";
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");

    public record Pair(Path baseline, Path fin) {
    }

    private CheckpointLocator() {
    }

    public static Pair newestRun(Path models) {
        if (!Files.isDirectory(models)) {
            throw new CommandFailure("no models folder at " + models.toAbsolutePath()
                    + "; pass the server's models folder with --models DIR, or --baseline FILE --final FILE");
        }
        Optional<Pair> here = pairIn(models);
        if (here.isPresent()) {
            return here.get();
        }
        List<Path> runs = list(models).stream().filter(Files::isDirectory)
                .filter(d -> !checkpointsIn(d).isEmpty())
                .sorted(Comparator.comparing(CheckpointLocator::runNumber).thenComparing(CheckpointLocator::modified))
                .toList();
        if (runs.isEmpty()) {
            throw new CommandFailure("no checkpoints (*" + EXTENSION + ") in " + models.toAbsolutePath()
                    + " or its run folders; the server writes them to models/run-<id>/baseline.fbm and final.fbm");
        }
        Path newest = runs.get(runs.size() - 1);
        return pairIn(newest).orElseThrow(() -> new CommandFailure("the newest run folder " + newest
                + " holds only " + names(checkpointsIn(newest)) + "; it needs baseline" + EXTENSION + " and final"
                + EXTENSION + " (has that run finished?), or pass --baseline FILE --final FILE"));
    }

    /** baseline.fbm and final.fbm, else the lowest and highest numbered checkpoints, if they differ. */
    static Optional<Pair> pairIn(Path dir) {
        List<Path> files = checkpointsIn(dir);
        Path baseline = named(files, "baseline");
        Path fin = named(files, "final");
        List<Path> numbered = files.stream().filter(f -> number(f) >= 0)
                .sorted(Comparator.comparingLong(CheckpointLocator::number)).toList();
        if (baseline == null && !numbered.isEmpty()) {
            baseline = numbered.get(0);
        }
        if (fin == null && !numbered.isEmpty()) {
            fin = numbered.get(numbered.size() - 1);
        }
        if (baseline == null || fin == null || baseline.equals(fin)) {
            return Optional.empty();
        }
        return Optional.of(new Pair(baseline, fin));
    }

    private static Path named(List<Path> files, String stem) {
        return files.stream().filter(f -> f.getFileName().toString().equalsIgnoreCase(stem + EXTENSION))
                .findFirst().orElse(null);
    }

    private static List<Path> checkpointsIn(Path dir) {
        return list(dir).stream().filter(Files::isRegularFile)
                .filter(f -> f.getFileName().toString().toLowerCase().endsWith(EXTENSION)).toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static long number(Path file) {
        Matcher m = NUMBER.matcher(file.getFileName().toString());
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static long runNumber(Path dir) {
        return number(dir);
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList().toString();
    }
}
