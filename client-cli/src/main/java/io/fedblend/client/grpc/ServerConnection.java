package io.fedblend.client.grpc;

import io.fedblend.client.CommandFailure;
import io.fedblend.shared.proto.FederatedLearningGrpc;
import io.fedblend.shared.proto.FederatedLearningGrpc.FederatedLearningBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The channel to the server and the one rule for a server that cannot be reached: keep trying with growing pauses
 * until the connect timeout has passed since the outage began, then give up with a message saying what to check.
 * It covers both a server that is not up yet and one that restarts mid-run.
 */
public final class ServerConnection implements AutoCloseable {

    private static final long FIRST_PAUSE_MS = 250;
    private static final long LONGEST_PAUSE_MS = 5_000;

    private final ServerAddress address;
    private final boolean tls;
    private final Duration connectTimeout;
    private final PrintStream out;
    private final ManagedChannel channel;
    private final FederatedLearningBlockingStub stub;

    public ServerConnection(ServerAddress address, boolean tls, Duration connectTimeout, ManagedChannel channel,
            PrintStream out) {
        this.address = address;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.channel = channel;
        this.out = out;
        this.stub = FederatedLearningGrpc.newBlockingStub(channel);
    }

    public ServerAddress address() {
        return address;
    }

    /**
     * Runs one call, retrying while the server is unavailable. Any other refusal is thrown to the caller, which
     * knows whether it can carry on.
     */
    public <T> T call(String name, Duration deadline, Function<FederatedLearningBlockingStub, T> rpc) {
        long outageStart = 0;
        long pause = FIRST_PAUSE_MS;
        boolean announced = false;
        while (true) {
            try {
                T reply = rpc.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
                if (announced) {
                    out.println("server at " + address + " is back");
                }
                return reply;
            } catch (StatusRuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                // a certificate the client refuses, or a server that answers TLS with plaintext, stays so
                if (ServerProblem.isTlsSetupFault(e)) {
                    throw new CommandFailure(ServerProblem.unreachable(address, tls, Duration.ZERO, e), e);
                }
                long now = System.nanoTime();
                if (outageStart == 0) {
                    outageStart = now;
                }
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(now - outageStart);
                long leftMs = connectTimeout.toMillis() - waitedMs;
                if (leftMs <= 0) {
                    throw new CommandFailure(
                            ServerProblem.unreachable(address, tls, Duration.ofMillis(waitedMs), e), e);
                }
                if (!announced) {
                    out.println("server at " + address + " is not answering (" + ServerProblem.reason(e)
                            + "); retrying for up to " + ServerProblem.seconds(connectTimeout));
                    announced = true;
                }
                sleep(Math.min(pause, leftMs));
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
                // the channel has its own, much longer reconnect backoff; ask it to try again now
                channel.resetConnectBackoff();
            }
        }
    }

    /** A single attempt without retries, for calls whose failure does not matter (heartbeats). */
    public <T> T tryOnce(Duration deadline, Function<FederatedLearningBlockingStub, T> rpc) {
        return rpc.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    }

    public String explain(String call, StatusRuntimeException e) {
        return ServerProblem.explain(call, address, tls, e);
    }

    private static boolean isTransient(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        // CANCELLED that this client did not ask for is a server shutting down with calls in flight
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.CANCELLED;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while waiting for the server");
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
