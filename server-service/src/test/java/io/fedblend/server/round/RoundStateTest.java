package io.fedblend.server.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.server.config.RunSettings;
import io.fedblend.server.persistence.RoundResult;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The round rules on their own: no server, no database, no TensorFlow. */
class RoundStateTest {

    static final RunSettings SETTINGS = new RunSettings(ModelSpec.MLP, 0.5, 2, new Shard(0, 100),
            TrainingConfig.DEFAULT);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final Duration LEASE = Duration.ofMinutes(2);

    final RoundState state = new RoundState(7, SETTINGS, 2, "training the baseline");
    final Session alice = session("alice");
    final Session bob = session("bob");

    @Test
    void waitsWithTheReasonUntilTheBaselineIsReady() {
        Task task = state.nextTask(alice, T0);
        assertEquals(new Task.Wait(2000, "training the baseline"), task);
        assertEquals(Refusal.Reason.NOT_READY, refusal(() -> state.admit(alice, update(alice, 1), T0)));
    }

    @Test
    void handsOutRoundOneWithTheBaselineWeights() {
        Weights baseline = weights(0.1f);
        state.ready(baseline, 0, 0.8);
        Task.Train task = assertInstanceOf(Task.Train.class, state.nextTask(alice, T0));
        assertEquals(1, task.round());
        assertEquals(7, task.runId());
        assertSame(baseline, task.weights());
        assertEquals(TrainingConfig.DEFAULT.forRound(1), task.config(), "the run's settings, shuffled for round 1");
    }

    @Test
    void checksSessionRunAndRoundBeforeDecodingTheWeights() {
        state.ready(weights(0.1f), 0, 0.8);
        AtomicInteger decoded = new AtomicInteger();
        UpdateSubmission counting = new UpdateSubmission("s-alice", 7, 1, 10, 0.1, 1.0, 100, spec -> {
            decoded.incrementAndGet();
            return weights(0.2f);
        });
        assertEquals(Refusal.Reason.UNKNOWN_SESSION, refusal(() -> state.admit(null, counting, T0)));
        assertEquals(Refusal.Reason.WRONG_RUN, refusal(() -> state.admit(alice, withRun(counting, 8), T0)));
        assertEquals(Refusal.Reason.STALE_ROUND, refusal(() -> state.admit(alice, withRound(counting, 0), T0)));
        assertEquals(Refusal.Reason.FUTURE_ROUND, refusal(() -> state.admit(alice, withRound(counting, 2), T0)));
        assertEquals(0, decoded.get(), "weights are not decoded for a call refused on its envelope");
        assertNotNull(state.admit(alice, counting, T0));
        assertEquals(1, decoded.get());
    }

    @Test
    void refusesWeightsThatDoNotFitTheModel() {
        state.ready(weights(0.1f), 0, 0.8);
        UpdateSubmission bad = new UpdateSubmission("s-alice", 7, 1, 10, 0.1, 1.0, 100, spec -> {
            throw new IllegalArgumentException("tensor dense1_bias has 3 values");
        });
        Refusal r = assertThrows(Refusal.class, () -> state.admit(alice, bad, T0));
        assertEquals(Refusal.Reason.INVALID_UPDATE, r.reason());
        assertEquals("tensor dense1_bias has 3 values", r.getMessage());
    }

    @Test
    void refusesASecondUpdateFromTheSameClientAndAnUpdateWithoutSamples() {
        state.ready(weights(0.1f), 0, 0.8);
        assertNull(state.accept(state.admit(alice, update(alice, 1), T0)));
        assertEquals(Refusal.Reason.DUPLICATE_UPDATE, refusal(() -> state.admit(alice, update(alice, 1), T0)));
        Session aliceAgain = new Session("s-alice-2", 1, "alice", T0);
        assertEquals(Refusal.Reason.DUPLICATE_UPDATE, refusal(() -> state.admit(aliceAgain, update(aliceAgain, 1), T0)));
        UpdateSubmission noSamples = new UpdateSubmission("s-bob", 7, 1, 0, 0.1, 1.0, 100, spec -> weights(0.2f));
        assertEquals(Refusal.Reason.BAD_REQUEST, refusal(() -> state.admit(bob, noSamples, T0)));
    }

    @Test
    void closesTheRoundWhenEnoughClientsSentUpdates() {
        state.ready(weights(0.1f), 0, 0.8);
        state.nextTask(alice, T0);
        state.taskSent(1, 1000);
        state.nextTask(bob, T0);
        state.taskSent(1, 1000);
        assertNull(state.accept(state.admit(alice, update(alice, 1), T0.plusSeconds(5))));
        assertInstanceOf(Task.Wait.class, state.nextTask(alice, T0), "alice's update is in; she waits");
        RoundCompletion.Input input = state.accept(state.admit(bob, update(bob, 1), T0.plusSeconds(9)));

        assertNotNull(input);
        assertEquals(1, input.round());
        assertEquals(2, input.contributions().size());
        assertEquals(2000, input.bytesOut());
        assertEquals(8000, input.contributions().get(1).transferMs(), "9 s after the task, 1 s of it training");
        assertEquals(RoundState.Phase.BLENDING, state.phase());
        assertInstanceOf(Task.Wait.class, state.nextTask(session("carol"), T0));
        assertEquals(Refusal.Reason.ROUND_CLOSED, refusal(() -> state.admit(session("carol"),
                update(session("carol"), 1), T0)));
    }

    @Test
    void adoptsTheRecordedModelAndFinishesAfterTheLastRound() {
        state.ready(weights(0.1f), 0, 0.8);
        state.accept(state.admit(alice, update(alice, 1), T0));
        state.accept(state.admit(bob, update(bob, 1), T0));
        Weights round1 = weights(0.3f);
        state.adopt(completed(1, round1, 0.85));
        Task.Train next = assertInstanceOf(Task.Train.class, state.nextTask(alice, T0));
        assertEquals(2, next.round());
        assertSame(round1, next.weights());

        state.accept(state.admit(alice, update(alice, 2), T0));
        state.accept(state.admit(bob, update(bob, 2), T0));
        state.adopt(completed(2, weights(0.4f), 0.9));
        assertEquals(new Task.Done(7, 2, 0.9), state.nextTask(alice, T0));
        assertEquals(Refusal.Reason.RUN_OVER, refusal(() -> state.admit(alice, update(alice, 3), T0)));
    }

    @Test
    void aRoundThatCouldNotBeRecordedIsOfferedAgainToEveryone() {
        Weights baseline = weights(0.1f);
        state.ready(baseline, 0, 0.8);
        state.accept(state.admit(alice, update(alice, 1), T0));
        state.accept(state.admit(bob, update(bob, 1), T0));
        state.reopen();
        Task.Train again = assertInstanceOf(Task.Train.class, state.nextTask(alice, T0));
        assertEquals(1, again.round());
        assertSame(baseline, again.weights());
        assertNotNull(state.admit(alice, update(alice, 1), T0), "alice may send round 1 again");
    }

    @Test
    void reportsATimeoutOncePerPeriodAndKeepsTheRoundOpen() {
        state.ready(weights(0.1f), 0, 0.8);
        assertNull(state.timeout(T0.plus(Duration.ofHours(5)), TIMEOUT, LEASE, false), "not handed out yet");
        state.nextTask(alice, T0);
        assertNull(state.timeout(T0.plus(Duration.ofMinutes(29)), TIMEOUT, LEASE, false));
        String reason = state.timeout(T0.plus(Duration.ofMinutes(31)), TIMEOUT, LEASE, false);
        assertEquals("round 1 timed out: 0 of 2 update(s) arrived within 30m (0 client session(s) alive)", reason);
        assertNull(state.timeout(T0.plus(Duration.ofMinutes(32)), TIMEOUT, LEASE, false), "next report in 30 min");
        assertInstanceOf(Task.Train.class, state.nextTask(bob, T0.plus(Duration.ofMinutes(33))));
        assertEquals(RoundState.Phase.COLLECTING, state.phase());
    }

    @Test
    void aTimeoutCanStopTheRun() {
        state.ready(weights(0.1f), 0, 0.8);
        state.nextTask(alice, T0);
        assertTrue(state.timeout(T0.plus(Duration.ofMinutes(31)), TIMEOUT, LEASE, true).contains("timed out"));
        assertEquals(new Task.Done(7, 0, 0.8), state.nextTask(alice, T0));
    }

    private static Refusal.Reason refusal(Runnable call) {
        return assertThrows(Refusal.class, call::run).reason();
    }

    private Session session(String client) {
        Session s = new Session("s-" + client, client.hashCode(), client, T0);
        state.addSession(s);
        return s;
    }

    private static UpdateSubmission update(Session s, int round) {
        return new UpdateSubmission(s.sessionId, 7, round, 10, 0.1, 1.0, 100, spec -> weights(0.2f));
    }

    private static UpdateSubmission withRun(UpdateSubmission s, long runId) {
        return new UpdateSubmission(s.sessionId(), runId, s.round(), s.samples(), s.trainLoss(), s.trainSeconds(),
                s.bytes(), s.decode());
    }

    private static UpdateSubmission withRound(UpdateSubmission s, int round) {
        return new UpdateSubmission(s.sessionId(), s.runId(), round, s.samples(), s.trainLoss(), s.trainSeconds(),
                s.bytes(), s.decode());
    }

    private static RoundCompletion.Completed completed(int round, Weights weights, double accuracy) {
        RoundResult r = new RoundResult();
        r.round = round;
        r.accuracy = accuracy;
        return new RoundCompletion.Completed(weights, r, null);
    }

    static Weights weights(float value) {
        return Weights.of(ModelSpec.MLP.tensors().stream().map(t -> {
            float[] v = new float[t.elementCount()];
            Arrays.fill(v, value);
            return new Weights.Tensor(t, v);
        }).toList());
    }
}
