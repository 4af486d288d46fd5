package io.fedblend.client.train;

import io.fedblend.client.grpc.ServerConnection;
import io.fedblend.shared.proto.HeartbeatReply;
import io.fedblend.shared.proto.HeartbeatRequest;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells the server, while this client trains, that its session is alive, so a long round is not mistaken for a
 * dead client. The server's lease decides the pace: a beat every third of it.
 */
public final class HeartbeatSender implements AutoCloseable {

    private static final long DEFAULT_INTERVAL_MS = 5_000;
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ServerConnection server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile long intervalMs;
    private ScheduledFuture<?> next;
    private HeartbeatRequest request;

    public HeartbeatSender(ServerConnection server) {
        this(server, DEFAULT_INTERVAL_MS);
    }

    /** {@code firstIntervalMs}: the pace until the server has told its lease. */
    HeartbeatSender(ServerConnection server, long firstIntervalMs) {
        this.server = server;
        this.intervalMs = firstIntervalMs;
    }

    public synchronized void start(String sessionId, int round) {
        stop();
        request = HeartbeatRequest.newBuilder().setSessionId(sessionId).setRound(round).build();
        next = timer.schedule(this::beat, intervalMs, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        request = null;
    }

    private void beat() {
        HeartbeatRequest current;
        synchronized (this) {
            current = request;
        }
        if (current == null) {
            return;
        }
        try {
            HeartbeatReply reply = server.tryOnce(DEADLINE, stub -> stub.heartbeat(current));
            if (reply.getLeaseMs() > 0) {
                intervalMs = Math.max(1_000, Math.min(30_000, reply.getLeaseMs() / 3));
            }
        } catch (StatusRuntimeException e) {
            // a missed beat is not fatal: the submit after training finds out whether the session survived
        }
        synchronized (this) {
            if (request == current) {
                next = timer.schedule(this::beat, intervalMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        stop();
        timer.shutdownNow();
    }
}
