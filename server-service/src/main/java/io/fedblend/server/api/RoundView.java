package io.fedblend.server.api;

import io.fedblend.server.persistence.RoundResult;
import java.time.Instant;

/** One round of a run as the REST API shows it; round 0 is the baseline. Times in milliseconds. */
public record RoundView(long runId, int round, double alpha, double accuracy, double loss, int clients,
                        long samples, long trainMs, long transferMs, long blendMs, long evalMs, long persistMs,
                        long bytesIn, long bytesOut, String checkpointPath, String checkpointSha256,
                        Instant completedAt) {

    static RoundView of(RoundResult r) {
        return new RoundView(r.runId, r.round, r.alpha, r.accuracy, r.loss, r.clients, r.samples, r.trainMs,
                r.transferMs, r.blendMs, r.evalMs, r.persistMs, r.bytesIn, r.bytesOut, r.checkpointPath,
                r.checkpointSha256, r.completedAt);
    }
}
