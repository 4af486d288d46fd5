package io.fedblend.server.persistence;

import io.fedblend.server.config.RunSettings;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every write to the run history, each in its own transaction: a round is recorded completely or not at all,
 * so the database never holds half a round.
 */
@ApplicationScoped
public class RunHistory {

    /** A session as stored, with the id its client joined with. */
    public record KnownSession(String sessionId, long clientRowId, String clientId) {
    }

    @Transactional
    public Optional<TrainingRun> latestRun() {
        return TrainingRun.findLatest();
    }

    @Transactional
    public TrainingRun startRun(RunSettings settings, int minClients) {
        TrainingRun run = new TrainingRun();
        run.status = TrainingRun.Status.RUNNING;
        run.model = settings.spec().name();
        run.modelFingerprint = settings.spec().fingerprint();
        run.alpha = settings.alpha();
        run.rounds = settings.rounds();
        run.minClients = minClients;
        run.serverShardFrom = settings.serverShard().from();
        run.serverShardTo = settings.serverShard().to();
        run.localEpochs = settings.training().epochs();
        run.batchSize = settings.training().batchSize();
        run.learningRate = settings.training().learningRate();
        run.seed = settings.training().seed();
        run.startedAt = Instant.now();
        run.persist();
        return run;
    }

    /** The settings a run was started with; a resumed run keeps them whatever the configuration says now. */
    public static RunSettings settingsOf(TrainingRun run) {
        return new RunSettings(ModelSpec.byName(run.model), run.alpha, run.rounds,
                new Shard(run.serverShardFrom, run.serverShardTo),
                new TrainingConfig(run.localEpochs, run.batchSize, run.learningRate, run.seed));
    }

    @Transactional
    public List<RoundResult> rounds(long runId) {
        return RoundResult.listForRun(runId);
    }

    /**
     * Records a completed round and advances the run's count; with {@code finalPath} set, also finishes the run.
     * One transaction: either all of it is recorded or nothing is.
     */
    @Transactional
    public void recordRound(RoundResult result, String finalPath, String finalSha256) {
        TrainingRun run = TrainingRun.findById(result.runId);
        result.persist();
        run.roundsCompleted = result.round;
        if (finalPath != null) {
            run.status = TrainingRun.Status.FINISHED;
            run.finalCheckpointPath = finalPath;
            run.finalCheckpointSha256 = finalSha256;
            run.finishedAt = result.completedAt;
        }
    }

    /** Drops rounds whose checkpoints cannot be used so the run resumes from {@code round}. */
    @Transactional
    public long discardRoundsAfter(long runId, int round) {
        TrainingRun run = TrainingRun.findById(runId);
        run.roundsCompleted = round;
        return RoundResult.deleteRoundsAfter(runId, round);
    }

    @Transactional
    public void stopRun(long runId, String reason) {
        TrainingRun run = TrainingRun.findById(runId);
        run.status = TrainingRun.Status.STOPPED;
        run.statusReason = reason;
        run.finishedAt = Instant.now();
    }

    @Transactional
    public void recordTimeout(long runId, int round, Instant at, boolean stop, String reason) {
        TrainingRun run = TrainingRun.findById(runId);
        run.roundTimeouts++;
        run.lastTimeoutRound = round;
        run.lastTimeoutAt = at;
        if (stop) {
            run.status = TrainingRun.Status.STOPPED;
            run.statusReason = reason;
            run.finishedAt = at;
        }
    }

    /** The baselines of earlier runs trained exactly as {@code settings} would train one, newest first. */
    @Transactional
    public List<RoundResult> reusableBaselines(RunSettings settings, long excludingRunId) {
        List<Long> runIds = TrainingRun.<TrainingRun>list(
                        "id <> ?1 and model = ?2 and serverShardFrom = ?3 and serverShardTo = ?4 and localEpochs = ?5"
                                + " and batchSize = ?6 and learningRate = ?7 and seed = ?8 order by id desc",
                        excludingRunId, settings.spec().name(), settings.serverShard().from(),
                        settings.serverShard().to(), settings.training().epochs(), settings.training().batchSize(),
                        settings.training().learningRate(), settings.training().seed())
                .stream().map(r -> r.id).toList();
        return runIds.stream().flatMap(id -> RoundResult.findRound(id, 0).stream()).toList();
    }

    /** Finds or creates the client's row and notes that it was seen now. */
    @Transactional
    public long clientSeen(String clientId) {
        Instant now = Instant.now();
        ClientRecord client = ClientRecord.findByClientId(clientId).orElseGet(() -> {
            ClientRecord c = new ClientRecord();
            c.clientId = clientId;
            c.firstSeenAt = now;
            return c;
        });
        client.lastSeenAt = now;
        client.persist();
        return client.id;
    }

    @Transactional
    public void openSession(String sessionId, long runId, long clientRowId) {
        ClientSession session = new ClientSession();
        session.sessionId = sessionId;
        session.runId = runId;
        session.clientId = clientRowId;
        session.startedAt = Instant.now();
        session.persist();
    }

    @Transactional
    public List<KnownSession> sessions(long runId) {
        return ClientSession.listForRun(runId).stream()
                .map(s -> new KnownSession(s.sessionId, s.clientId,
                        ClientRecord.<ClientRecord>findById(s.clientId).clientId))
                .toList();
    }

    @Transactional
    public void record(Participation participation) {
        participation.createdAt = Instant.now();
        participation.persist();
    }
}
