package io.fedblend.server.round;

import io.fedblend.server.checkpoint.ModelStore;
import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.server.config.RunSettings;
import io.fedblend.server.persistence.RoundResult;
import io.fedblend.server.persistence.RunHistory;
import io.fedblend.server.persistence.TrainingRun;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.TrainingProgress;
import io.fedblend.shared.model.Weights;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decides at start which run the server serves and with which model: a RUNNING run resumes from its last
 * completed round whose checkpoint still matches its recorded SHA-256; otherwise a new run begins from a
 * baseline, trained on the server shard or reused from an earlier run trained the same way.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    /** The run the server will serve: resumed, or new and still without its baseline. */
    public record Plan(TrainingRun run, RunSettings settings, boolean resumed) {
    }

    /** The model the run continues from and the number of rounds it already has (0 = baseline only). */
    public record Start(Weights weights, int roundsCompleted, double accuracy) {
    }

    @Inject
    FedBlendConfig config;

    @Inject
    RunHistory history;

    @Inject
    ModelStore store;

    @Inject
    ServerModel model;

    /** Quick: database look-ups only, so the run id is known before the server answers its first call. */
    public Plan plan(RunSettings configured) {
        Optional<TrainingRun> latest = history.latestRun();
        if (latest.isPresent() && latest.get().status == TrainingRun.Status.RUNNING) {
            TrainingRun run = latest.get();
            RunSettings settings = RunHistory.settingsOf(run);
            if (!settings.equals(configured)) {
                LOG.warnf("Resuming run %d with the settings it started with (%s); the configured settings (%s)"
                        + " apply to the next new run", run.id, settings, configured);
            }
            return new Plan(run, settings, true);
        }
        TrainingRun run = history.startRun(configured, config.minClients());
        LOG.infof("Starting run %d: model %s, alpha %s, %d rounds, min %d clients, server shard %s, %s",
                run.id, configured.spec().name(), configured.alpha(), configured.rounds(), config.minClients(),
                configured.serverShard(), configured.training());
        return new Plan(run, configured, false);
    }

    /** Slow: loads checkpoints or trains the baseline. Runs on the coordinator's model thread. */
    public Start prepare(Plan plan, Consumer<String> status) throws IOException {
        List<RoundResult> rounds = history.rounds(plan.run().id);
        if (plan.resumed() && !rounds.isEmpty()) {
            return resume(plan, rounds);
        }
        try {
            return baseline(plan, status);
        } catch (IOException | RuntimeException e) {
            // A run without a baseline has nothing to resume: stop it so the next start begins a new one.
            try {
                history.stopRun(plan.run().id, "no baseline: " + e.getMessage());
            } catch (RuntimeException historyDown) {
                e.addSuppressed(historyDown);
            }
            throw e;
        }
    }

    private Start resume(Plan plan, List<RoundResult> rounds) throws IOException {
        long runId = plan.run().id;
        StringBuilder problems = new StringBuilder();
        for (int i = rounds.size() - 1; i >= 0; i--) {
            RoundResult round = rounds.get(i);
            try {
                Weights weights = store.load(round.checkpointPath, round.checkpointSha256, plan.settings().spec());
                if (i < rounds.size() - 1) {
                    long dropped = history.discardRoundsAfter(runId, round.round);
                    LOG.warnf("Run %d: discarded the record of %d round(s) after round %d whose checkpoints cannot "
                            + "be used; those rounds will be played again", runId, dropped, round.round);
                }
                LOG.infof("Resuming run %d after round %d (accuracy %.4f) from %s", runId, round.round,
                        round.accuracy, round.checkpointPath);
                return new Start(weights, round.round, round.accuracy);
            } catch (IOException e) {
                LOG.errorf("Run %d: the checkpoint of round %d is not usable and was not loaded: %s", runId,
                        round.round, e.getMessage());
                problems.append("\n  round ").append(round.round).append(": ").append(e.getMessage());
            }
        }
        throw new IOException("Run " + runId + " cannot resume: none of its checkpoints is usable:" + problems
                + "\nRestore the files from a backup, or mark the run STOPPED in the database to start a new run.");
    }

    private Start baseline(Plan plan, Consumer<String> status) throws IOException {
        RunSettings settings = plan.settings();
        long runId = plan.run().id;
        Boolean create = config.createBaseline().orElse(null);
        Weights weights = null;
        long trainMs = 0;
        if (!Boolean.TRUE.equals(create)) {
            weights = reusableBaseline(settings, runId, status);
            if (weights == null && Boolean.FALSE.equals(create)) {
                throw new IOException("fedblend.create-baseline is false but no earlier run has a usable baseline "
                        + "for model " + settings.spec().name() + ", server shard " + settings.serverShard() + " and "
                        + settings.training() + "; start once with --create-baseline to train one");
            }
        }
        if (weights == null) {
            status.accept("training the baseline on the server shard " + settings.serverShard());
            long t0 = System.nanoTime();
            weights = model.trainBaseline(settings, progress(settings, status));
            trainMs = millisSince(t0);
        }
        status.accept("evaluating the baseline on the test set");
        long t1 = System.nanoTime();
        Evaluation evaluation = model.evaluate(settings.spec(), weights);
        long evalMs = millisSince(t1);
        long t2 = System.nanoTime();
        ModelStore.Stored stored = store.save(runId, ModelStore.BASELINE, settings.spec(), weights);
        long persistMs = millisSince(t2);

        RoundResult result = new RoundResult();
        result.runId = runId;
        result.round = 0;
        result.accuracy = evaluation.accuracy();
        result.loss = evaluation.loss();
        result.samples = settings.serverShard().size();
        result.trainMs = trainMs;
        result.evalMs = evalMs;
        result.persistMs = persistMs;
        result.checkpointPath = stored.path().toString();
        result.checkpointSha256 = stored.sha256();
        result.completedAt = Instant.now();
        history.recordRound(result, null, null);
        LOG.infof("Run %d baseline: accuracy %.4f, loss %.4f on %d test examples; saved %s", runId,
                evaluation.accuracy(), evaluation.loss(), evaluation.examples(), stored.path());
        return new Start(weights, 0, evaluation.accuracy());
    }

    private Weights reusableBaseline(RunSettings settings, long runId, Consumer<String> status) {
        for (RoundResult earlier : history.reusableBaselines(settings, runId)) {
            try {
                status.accept("loading the baseline of run " + earlier.runId);
                Weights weights = store.load(earlier.checkpointPath, earlier.checkpointSha256, settings.spec());
                LOG.infof("Reusing the baseline of run %d (%s)", earlier.runId, earlier.checkpointPath);
                return weights;
            } catch (IOException e) {
                LOG.warnf("The baseline of run %d is not usable: %s", earlier.runId, e.getMessage());
            }
        }
        return null;
    }

    private static TrainingProgress progress(RunSettings settings, Consumer<String> status) {
        return (epoch, epochs, seen, size, loss) -> status.accept(String.format(
                "training the baseline on the server shard %s: epoch %d/%d, %d/%d examples, loss %.4f",
                settings.serverShard(), epoch, epochs, seen, size, loss));
    }

    static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
