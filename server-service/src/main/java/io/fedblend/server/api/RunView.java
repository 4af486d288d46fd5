package io.fedblend.server.api;

import io.fedblend.server.persistence.TrainingRun;
import java.time.Instant;

/** A run as the REST API shows it. */
public record RunView(long id, String status, String statusReason, String model, String modelFingerprint,
                      double alpha, int rounds, int roundsCompleted, int minClients, String serverShard,
                      int localEpochs, int batchSize, float learningRate, long seed, int roundTimeouts,
                      Integer lastTimeoutRound, Instant lastTimeoutAt, String finalCheckpointPath,
                      String finalCheckpointSha256, Instant startedAt, Instant finishedAt) {

    static RunView of(TrainingRun r) {
        return new RunView(r.id, r.status.name(), r.statusReason, r.model, r.modelFingerprint, r.alpha, r.rounds,
                r.roundsCompleted, r.minClients, r.serverShardFrom + ":" + r.serverShardTo, r.localEpochs,
                r.batchSize, r.learningRate, r.seed, r.roundTimeouts, r.lastTimeoutRound, r.lastTimeoutAt,
                r.finalCheckpointPath, r.finalCheckpointSha256, r.startedAt, r.finishedAt);
    }
}
