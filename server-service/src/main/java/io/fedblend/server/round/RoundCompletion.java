package io.fedblend.server.round;

import io.fedblend.server.checkpoint.ModelStore;
import io.fedblend.server.config.RunSettings;
import io.fedblend.server.persistence.RoundResult;
import io.fedblend.server.persistence.RunHistory;
import io.fedblend.shared.blend.Blender;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.Weights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Turns a round's accepted updates into the next model: blend, evaluate on the test set, write the checkpoint,
 * record the round. Nothing here changes the coordinator's model; it adopts the result only once the record
 * is committed, so a failure at any step leaves the model and the history as they were.
 */
@ApplicationScoped
public class RoundCompletion {

    /** Everything one round needs, copied out of the coordinator when the round closed. */
    record Input(long runId, RunSettings settings, int round, Weights start, List<Contribution> contributions,
                 long bytesOut) {
        boolean last() {
            return round == settings.rounds();
        }
    }

    record Completed(Weights weights, RoundResult result, String finalPath) {
    }

    @Inject
    ServerModel model;

    @Inject
    ModelStore store;

    @Inject
    RunHistory history;

    Completed complete(Input in) throws IOException {
        long t0 = System.nanoTime();
        Weights blended = Blender.blendRound(in.start(),
                in.contributions().stream().map(Contribution::update).toList(), in.settings().alpha());
        long blendMs = RunRecovery.millisSince(t0);

        long t1 = System.nanoTime();
        Evaluation evaluation = model.evaluate(in.settings().spec(), blended);
        long evalMs = RunRecovery.millisSince(t1);

        long t2 = System.nanoTime();
        ModelStore.Stored checkpoint = store.save(in.runId(), ModelStore.fileName(in.round()), in.settings().spec(),
                blended);
        ModelStore.Stored finalModel = in.last()
                ? store.save(in.runId(), ModelStore.FINAL, in.settings().spec(), blended)
                : null;
        long persistMs = RunRecovery.millisSince(t2);

        RoundResult r = new RoundResult();
        r.runId = in.runId();
        r.round = in.round();
        r.alpha = in.settings().alpha();
        r.accuracy = evaluation.accuracy();
        r.loss = evaluation.loss();
        r.clients = in.contributions().size();
        r.samples = in.contributions().stream().mapToLong(c -> c.update().samples()).sum();
        // The round waits for its slowest client, so the slowest training and transfer are what it cost.
        r.trainMs = in.contributions().stream().mapToLong(Contribution::trainMs).max().orElse(0);
        r.transferMs = in.contributions().stream().mapToLong(Contribution::transferMs).max().orElse(0);
        r.blendMs = blendMs;
        r.evalMs = evalMs;
        r.persistMs = persistMs;
        r.bytesIn = in.contributions().stream().mapToLong(Contribution::bytes).sum();
        r.bytesOut = in.bytesOut();
        r.checkpointPath = checkpoint.path().toString();
        r.checkpointSha256 = checkpoint.sha256();
        r.completedAt = Instant.now();
        String finalPath = finalModel == null ? null : finalModel.path().toString();
        history.recordRound(r, finalPath, finalModel == null ? null : finalModel.sha256());
        return new Completed(blended, r, finalPath);
    }
}
