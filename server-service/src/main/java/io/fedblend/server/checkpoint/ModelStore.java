package io.fedblend.server.checkpoint;

import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.Weights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoint files of each run, under {@code <models-dir>/run-<id>/}: {@code baseline.fbm} (round 0),
 * {@code round-N.fbm} after blending round N, and {@code final.fbm} when the run finishes. Files are written
 * atomically by {@link CheckpointFile}; the SHA-256 returned here is what the database records and what a
 * resumed run checks before loading.
 */
@ApplicationScoped
public class ModelStore {

    public static final String BASELINE = "baseline.fbm";
    public static final String FINAL = "final.fbm";

    /** Where a checkpoint went and the SHA-256 of its bytes. */
    public record Stored(Path path, String sha256) {
    }

    @Inject
    FedBlendConfig config;

    public static String fileName(int round) {
        return round == 0 ? BASELINE : "round-" + round + ".fbm";
    }

    public Path runDir(long runId) {
        return config.modelsDir().resolve("run-" + runId);
    }

    public Stored save(long runId, String fileName, ModelSpec spec, Weights weights) throws IOException {
        Path dir = runDir(runId);
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        String sha256 = CheckpointFile.write(file, spec, weights);
        return new Stored(file, sha256);
    }

    /** Reads a recorded checkpoint, refusing it when its bytes no longer match the recorded SHA-256. */
    public Weights load(String path, String expectedSha256, ModelSpec expectedSpec) throws IOException {
        var checkpoint = CheckpointFile.read(Path.of(path), expectedSha256);
        if (!checkpoint.spec().fingerprint().equals(expectedSpec.fingerprint())) {
            throw new IOException(path + " holds a '" + checkpoint.spec().name() + "' model, not the run's '"
                    + expectedSpec.name() + "'");
        }
        return checkpoint.weights();
    }
}
