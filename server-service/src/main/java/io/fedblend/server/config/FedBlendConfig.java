package io.fedblend.server.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a FedBlend server run is configured with. Each key {@code fedblend.x-y} can be overridden by the
 * environment variable {@code FEDBLEND_X_Y}; range checks live in {@link ConfigCheck} so a bad value is refused at
 * start with its key named.
 */
@ConfigMapping(prefix = "fedblend")
public interface FedBlendConfig {

    /** Weight of the clients' average in {@code W' = (1-alpha) W + alpha avg(clients)}. */
    @WithDefault("0.5")
    double alpha();

    /** Blending rounds after the baseline. */
    @WithDefault("5")
    int rounds();

    /** Valid updates needed before a round is blended. */
    @WithDefault("1")
    int minClients();

    /** Model spec name: cnn or mlp. */
    @WithDefault("cnn")
    String model();

    /** The server's own slice of the MNIST training set, FROM:TO. */
    @WithDefault("0:10000")
    String serverShard();

    /** Local training config sent to clients and used for the server's baseline. */
    @WithDefault("1")
    int localEpochs();

    @WithDefault("32")
    int batchSize();

    @WithDefault("0.001")
    float learningRate();

    @WithDefault("42")
    long seed();

    /** Where checkpoints are written: {@code <models-dir>/run-<id>/baseline.fbm, round-N.fbm, final.fbm}. */
    @WithDefault("models")
    Path modelsDir();

    /** MNIST IDX files; when absent, the shared default (FEDBLEND_DATA_DIR or the user's cache). */
    Optional<Path> dataDir();

    /** true: always train a baseline; false: reuse an existing one; unset: train only when none fits. */
    Optional<Boolean> createBaseline();

    /** TensorFlow threads for the server's training and evaluation; 0 leaves TensorFlow's default. */
    @WithDefault("0")
    int threads();

    /** How long a round may wait for its updates, counted from when it was first handed out. */
    @WithDefault("30m")
    Duration roundTimeout();

    /** What a round timeout does: wait (record it and keep offering the round) or stop (end the run). */
    @WithDefault("wait")
    String onRoundTimeout();

    /** How long a session counts as alive after its last call or heartbeat. */
    @WithDefault("2m")
    Duration sessionLease();

    /** Accepted client tokens (gRPC metadata {@code authorization: Bearer <token>}); none configured = no auth. */
    Optional<Set<String>> tokens();
}
