package io.fedblend.server.round;

import io.fedblend.server.ServerStartup;
import io.fedblend.server.config.ConfigCheck;
import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.server.persistence.Participation;
import io.fedblend.server.persistence.RunHistory;
import io.fedblend.server.round.Refusal.Reason;
import io.fedblend.shared.model.ModelSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one place that holds and advances round state. Clients join, fetch the current round's task and submit
 * updates; when {@code min-clients} valid updates are in, the round is blended on the model thread, and the new
 * model is adopted only after its round is recorded. The rules live in {@link RoundState}, guarded by this
 * object's lock; slow work (training, blending, database writes) happens outside it.
 */
@ApplicationScoped
public class RoundCoordinator {

    private static final Logger LOG = Logger.getLogger(RoundCoordinator.class);

    /** A new session: what JoinReply carries. */
    public record Joined(String sessionId, long runId, String model, int totalRounds) {
    }

    /** An accepted update: the round the server is on now and a word on what happens next. */
    public record Submitted(int currentRound, String message) {
    }

    @Inject
    FedBlendConfig config;
    @Inject
    RunRecovery recovery;
    @Inject
    RoundCompletion completion;
    @Inject
    RunHistory history;
    @Inject
    ParticipationLog participations;

    // One thread for all TensorFlow work (baseline, evaluation) so rounds are blended strictly one at a time.
    private final ExecutorService modelThread = Executors.newSingleThreadExecutor(daemon("fedblend-model"));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("fedblend-clock"));

    private RoundState state;
    private RunRecovery.Plan plan;

    /** Picks the run (resumed or new) and prepares its model in the background. */
    public void start() {
        RunRecovery.Plan p = recovery.plan(ConfigCheck.newRunSettings(config));
        List<RunHistory.KnownSession> known = p.resumed() ? history.sessions(p.run().id) : List.of();
        synchronized (this) {
            plan = p;
            state = new RoundState(p.run().id, p.settings(), config.minClients(),
                    (p.resumed() ? "resuming run " : "preparing the baseline of run ") + p.run().id);
            Instant now = Instant.now();
            known.forEach(s -> state.addSession(new Session(s.sessionId(), s.clientRowId(), s.clientId(), now)));
        }
        modelThread.execute(this::prepare);
        long tick = Math.max(200, Math.min(config.roundTimeout().toMillis() / 10, 10_000));
        clock.scheduleWithFixedDelay(() -> {
            try {
                checkRoundTimeout(Instant.now());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Checking the round timeout failed");
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void prepare() {
        try {
            RunRecovery.Start start = recovery.prepare(plan, this::setStatus);
            synchronized (this) {
                state.ready(start.weights(), start.roundsCompleted(), start.accuracy());
            }
            LOG.infof("Run %d is ready for round %d of %d; each round needs %d client update(s)", plan.run().id,
                    start.roundsCompleted() + 1, plan.settings().rounds(), config.minClients());
        } catch (Exception | LinkageError e) {
            String message = "Run " + plan.run().id + " could not be prepared: " + e.getMessage();
            synchronized (this) {
                state.failed(message);
            }
            LOG.debug("Preparing the run failed", e);
            ServerStartup.exitOnFailure(message);
        }
    }

    private synchronized void setStatus(String text) {
        state.status(text);
    }

    public Joined join(String clientId, String fingerprint) {
        RunRecovery.Plan p = currentPlan();
        long runId = p.run().id;
        if (clientId == null || clientId.isBlank()) {
            throw refuse(ParticipationLog.of(Participation.Kind.JOIN, runId, null, null, null),
                    new Refusal(Reason.BAD_REQUEST, "client_id is empty; every client needs a stable id"));
        }
        long clientRow = history.clientSeen(clientId);
        ModelSpec spec = p.settings().spec();
        if (!spec.fingerprint().equals(fingerprint)) {
            throw refuse(ParticipationLog.of(Participation.Kind.JOIN, runId, clientRow, null, null),
                    new Refusal(Reason.WRONG_FINGERPRINT, "model fingerprint '" + fingerprint + "' does not match"
                            + " the server's '" + spec.name() + "' model (fingerprint " + spec.fingerprint()
                            + "); run the client with --model " + spec.name()));
        }
        String sessionId = UUID.randomUUID().toString();
        history.openSession(sessionId, runId, clientRow);
        synchronized (this) {
            state.addSession(new Session(sessionId, clientRow, clientId, Instant.now()));
        }
        participations.accepted(ParticipationLog.of(Participation.Kind.JOIN, runId, clientRow, sessionId, null));
        LOG.infof("Client %s joined run %d", clientId, runId);
        return new Joined(sessionId, runId, spec.name(), p.settings().rounds());
    }

    public Task fetchTask(String sessionId) {
        currentPlan();
        synchronized (this) {
            Session session = state.session(sessionId);
            if (session != null) {
                return state.nextTask(session, Instant.now());
            }
        }
        throw unknownSession(Participation.Kind.FETCH, sessionId);
    }

    /** Counts the bytes of a task handed out, for the round's bytes-out. */
    public synchronized void taskSent(int taskRound, long bytes) {
        state.taskSent(taskRound, bytes);
    }

    public Submitted submit(UpdateSubmission s) {
        RunRecovery.Plan p = currentPlan();
        Refusal refusal = null;
        Contribution contribution = null;
        RoundCompletion.Input closed = null;
        Session session;
        int roundNow;
        int missing;
        synchronized (this) {
            session = state.session(s.sessionId());
            try {
                contribution = state.admit(session, s, Instant.now());
                closed = state.accept(contribution);
            } catch (Refusal r) {
                refusal = r;
            }
            roundNow = state.round();
            missing = state.missingUpdates();
        }
        Participation record = ParticipationLog.of(Participation.Kind.UPDATE, p.run().id,
                session == null ? null : session.clientRowId, s.sessionId(), s.round());
        record.samples = s.samples();
        record.trainLoss = Double.isFinite(s.trainLoss()) ? s.trainLoss() : null;
        record.trainMs = contribution == null ? null : contribution.trainMs();
        record.bytes = s.bytes();
        if (refusal != null) {
            throw refuse(record, refusal);
        }
        participations.accepted(record);
        if (closed != null) {
            RoundCompletion.Input input = closed;
            modelThread.execute(() -> completeRound(input));
            return new Submitted(roundNow, "accepted; round " + roundNow + " has its updates and is being blended");
        }
        return new Submitted(roundNow, "accepted; round " + roundNow + " waits for " + missing
                + " more client update(s)");
    }

    private void completeRound(RoundCompletion.Input input) {
        LOG.infof("Run %d round %d: blending %d update(s)", input.runId(), input.round(),
                input.contributions().size());
        try {
            RoundCompletion.Completed done = completion.complete(input);
            synchronized (this) {
                state.adopt(done);
            }
            LOG.infof("Run %d round %d/%d: accuracy %.4f, loss %.4f, %d client(s), %d samples; saved %s",
                    input.runId(), input.round(), input.settings().rounds(), done.result().accuracy,
                    done.result().loss, done.result().clients, done.result().samples, done.result().checkpointPath);
            if (done.finalPath() != null) {
                LOG.infof("Run %d finished after %d rounds; final model in %s", input.runId(), input.round(),
                        done.finalPath());
            }
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "Round %d of run %d could not be completed (%s); the model and history are unchanged"
                    + " and round %d is offered again", input.round(), input.runId(), e.getMessage(), input.round());
            synchronized (this) {
                state.reopen();
            }
        }
    }

    /** Extends the session's lease; returns how long it lasts. */
    public long heartbeat(String sessionId) {
        currentPlan();
        synchronized (this) {
            Session session = state.session(sessionId);
            if (session != null) {
                session.lastSeen = Instant.now();
                return config.sessionLease().toMillis();
            }
        }
        throw unknownSession(Participation.Kind.HEARTBEAT, sessionId);
    }

    /**
     * Reports a round that has waited longer than {@code round-timeout} since it was first handed out: recorded
     * on the run and logged, then the round is offered again (or the run stops, as configured).
     */
    public void checkRoundTimeout(Instant now) {
        boolean stop = ConfigCheck.stopsOnRoundTimeout(config);
        String reason;
        long runId;
        int round;
        synchronized (this) {
            if (state == null) {
                return;
            }
            reason = state.timeout(now, config.roundTimeout(), config.sessionLease(), stop);
            runId = state.runId();
            round = state.round();
        }
        if (reason == null) {
            return;
        }
        LOG.warnf("Run %d: %s; %s", runId, reason, stop ? "the run stops (fedblend.on-round-timeout=stop)"
                : "the round is offered again (fedblend.on-round-timeout=wait)");
        try {
            history.recordTimeout(runId, round, now, stop, reason);
        } catch (RuntimeException e) {
            LOG.errorf("Could not record the timeout of round %d of run %d: %s", round, runId, e.getMessage());
        }
    }

    private synchronized RunRecovery.Plan currentPlan() {
        if (plan == null) {
            throw new Refusal(Reason.NOT_READY, "the server is starting; try again in a moment");
        }
        return plan;
    }

    private Refusal unknownSession(Participation.Kind kind, String sessionId) {
        return refuse(ParticipationLog.of(kind, currentPlan().run().id, null, sessionId, null),
                new Refusal(Reason.UNKNOWN_SESSION, unknownSessionText(sessionId)));
    }

    static String unknownSessionText(String sessionId) {
        return "unknown session '" + sessionId + "'; join again to get a session";
    }

    private Refusal refuse(Participation p, Refusal refusal) {
        participations.refused(p, refusal);
        LOG.infof("Refused %s of session %s: %s", p.kind, p.sessionId, refusal.getMessage());
        return refusal;
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
        // Let a round being blended finish writing so it is either recorded or cleanly not.
        modelThread.shutdown();
        try {
            modelThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
