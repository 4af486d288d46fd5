package io.fedblend.server.round;

import io.fedblend.server.config.RunSettings;
import io.fedblend.server.round.Refusal.Reason;
import io.fedblend.shared.blend.ClientUpdate;
import io.fedblend.shared.blend.InvalidUpdateException;
import io.fedblend.shared.model.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of a run's rounds as plain state: which task a session gets, which update is admitted, when a round
 * closes, what a timeout does. No threads, no database, no TensorFlow: {@link RoundCoordinator} holds the one
 * instance, guards it with its lock and does the slow work around it.
 */
final class RoundState {

    enum Phase { STARTING, COLLECTING, BLENDING, FINISHED, STOPPED, FAILED }

    private final long runId;
    private final RunSettings settings;
    private final int minClients;

    private Phase phase = Phase.STARTING;
    private String status;
    /** The round being played (1-based); {@code current} is the model after round {@code round - 1}. */
    private int round;
    private Weights current;
    private double accuracy;
    private final Map<String, Session> sessions = new HashMap<>();
    /** Accepted updates of the current round, by client id: one per client. */
    private final Map<String, Contribution> updates = new LinkedHashMap<>();
    private Instant roundOfferedAt;
    private long bytesOut;

    RoundState(long runId, RunSettings settings, int minClients, String status) {
        this.runId = runId;
        this.settings = settings;
        this.minClients = minClients;
        this.status = status;
    }

    long runId() {
        return runId;
    }

    RunSettings settings() {
        return settings;
    }

    Phase phase() {
        return phase;
    }

    int round() {
        return round;
    }

    void status(String text) {
        status = text;
    }

    /** The model to continue from is ready: play round {@code roundsCompleted + 1}. */
    void ready(Weights weights, int roundsCompleted, double accuracyNow) {
        current = weights;
        accuracy = accuracyNow;
        round = roundsCompleted + 1;
        phase = round > settings.rounds() ? Phase.FINISHED : Phase.COLLECTING;
    }

    void failed(String reason) {
        phase = Phase.FAILED;
        status = reason;
    }

    void addSession(Session session) {
        sessions.put(session.sessionId, session);
    }

    Session session(String sessionId) {
        return sessions.get(sessionId);
    }

    Task nextTask(Session session, Instant now) {
        session.lastSeen = now;
        switch (phase) {
            case STARTING:
                return new Task.Wait(2000, status);
            case FAILED:
                throw new Refusal(Reason.NOT_READY, status);
            case FINISHED, STOPPED:
                return new Task.Done(runId, round - 1, accuracy);
            case BLENDING:
                return new Task.Wait(500, "round " + round + " is being blended and evaluated");
            default:
                break;
        }
        if (updates.containsKey(session.clientId)) {
            return new Task.Wait(1000, "your update for round " + round + " is in; waiting for "
                    + (minClients - updates.size()) + " more client update(s)");
        }
        session.fetchedRound = round;
        session.fetchedAt = now;
        if (roundOfferedAt == null) {
            roundOfferedAt = now;
        }
        return new Task.Train(runId, round, settings.spec(), current, settings.training().forRound(round));
    }

    void taskSent(int taskRound, long bytes) {
        if (taskRound == round && phase == Phase.COLLECTING) {
            bytesOut += bytes;
        }
    }

    /** The checks an update passes, in this order; the weights are decoded only when all else is right. */
    Contribution admit(Session session, UpdateSubmission s, Instant now) {
        if (session == null) {
            throw new Refusal(Reason.UNKNOWN_SESSION, RoundCoordinator.unknownSessionText(s.sessionId()));
        }
        session.lastSeen = now;
        switch (phase) {
            case STARTING, FAILED -> throw new Refusal(Reason.NOT_READY, status);
            case FINISHED, STOPPED -> throw new Refusal(Reason.RUN_OVER, "run " + runId + " is over ("
                    + (round - 1) + " rounds completed); no more updates are taken");
            default -> { }
        }
        if (s.runId() != runId) {
            throw new Refusal(Reason.WRONG_RUN, "the update is for run " + s.runId() + " but the server runs run "
                    + runId + "; fetch a new task");
        }
        if (s.round() < round) {
            throw new Refusal(Reason.STALE_ROUND, "round " + s.round() + " is over; the current round is " + round
                    + "; fetch a new task");
        }
        if (s.round() > round) {
            throw new Refusal(Reason.FUTURE_ROUND, "round " + s.round() + " has not started; the current round is "
                    + round);
        }
        if (phase == Phase.BLENDING) {
            throw new Refusal(Reason.ROUND_CLOSED, "round " + round + " already has its updates and is being"
                    + " blended; fetch the next task");
        }
        if (updates.containsKey(session.clientId)) {
            throw new Refusal(Reason.DUPLICATE_UPDATE, "client " + session.clientId + " already sent an update for"
                    + " round " + round + "; one update per client per round");
        }
        if (s.samples() < 1) {
            throw new Refusal(Reason.BAD_REQUEST, "samples is " + s.samples() + "; an update must report the"
                    + " number of examples it was trained on");
        }
        Weights weights;
        try {
            weights = s.decode().apply(settings.spec());
        } catch (InvalidUpdateException e) {
            throw new Refusal(e.reason() == InvalidUpdateException.Reason.FINGERPRINT_MISMATCH
                    ? Reason.WRONG_FINGERPRINT : Reason.INVALID_UPDATE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Refusal(Reason.INVALID_UPDATE, e.getMessage());
        }
        long trainMs = Double.isFinite(s.trainSeconds()) ? Math.max(0, Math.round(s.trainSeconds() * 1000)) : 0;
        long transferMs = session.fetchedRound == round && session.fetchedAt != null
                ? Math.max(0, Duration.between(session.fetchedAt, now).toMillis() - trainMs)
                : 0;
        return new Contribution(new ClientUpdate(session.clientId, weights, s.samples()), s.trainLoss(), trainMs,
                transferMs, s.bytes());
    }

    /** Takes an admitted update; returns the round's input once it has {@code minClients} updates, else null. */
    RoundCompletion.Input accept(Contribution contribution) {
        updates.put(contribution.update().clientId(), contribution);
        if (updates.size() < minClients) {
            return null;
        }
        phase = Phase.BLENDING;
        return new RoundCompletion.Input(runId, settings, round, current, new ArrayList<>(updates.values()),
                bytesOut);
    }

    int missingUpdates() {
        return Math.max(0, minClients - updates.size());
    }

    /** The round was recorded: its model becomes the current one. */
    void adopt(RoundCompletion.Completed done) {
        current = done.weights();
        accuracy = done.result().accuracy;
        round = done.result().round + 1;
        updates.clear();
        bytesOut = 0;
        roundOfferedAt = null;
        phase = round > settings.rounds() ? Phase.FINISHED : Phase.COLLECTING;
    }

    /** The round could not be recorded: its updates are dropped and the round is offered again. */
    void reopen() {
        updates.clear();
        phase = Phase.COLLECTING;
    }

    /**
     * When the round has waited past {@code timeout} since it was first handed out, returns what to record and
     * starts the next waiting period (or stops the run); otherwise null.
     */
    String timeout(Instant now, Duration timeout, Duration lease, boolean stop) {
        if (phase != Phase.COLLECTING || roundOfferedAt == null || now.isBefore(roundOfferedAt.plus(timeout))) {
            return null;
        }
        long alive = sessions.values().stream().filter(s -> s.aliveAt(now, lease)).count();
        String reason = "round " + round + " timed out: " + updates.size() + " of " + minClients
                + " update(s) arrived within " + timeout.toString().substring(2).toLowerCase()
                + " (" + alive + " client session(s) alive)";
        roundOfferedAt = now;
        if (stop) {
            phase = Phase.STOPPED;
            status = reason;
        }
        return reason;
    }
}
