package io.fedblend.client;

import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.Done;
import io.fedblend.shared.proto.FederatedLearningGrpc;
import io.fedblend.shared.proto.FetchTaskReply;
import io.fedblend.shared.proto.FetchTaskRequest;
import io.fedblend.shared.proto.HeartbeatReply;
import io.fedblend.shared.proto.HeartbeatRequest;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.JoinRequest;
import io.fedblend.shared.proto.SubmitUpdateReply;
import io.fedblend.shared.proto.SubmitUpdateRequest;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.proto.Wait;
import io.fedblend.shared.wire.WeightsMessages;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scripted FedBlend server on a real socket: hands out a few rounds of training on fixed weights, records what the
 * client sends, and can misbehave the ways a real server does (stale round, restart, late start).
 */
public final class FakeFederatedServer implements FederatedLearningGrpc.AsyncService, AutoCloseable {

    static final Context.Key<String> AUTHORIZATION = Context.key("authorization");
    static final TrainingConfig CONFIG = new TrainingConfig(1, 32, 1e-3f, 7L);
    static final double FINAL_ACCURACY = 0.9321;

    final ModelSpec spec;
    final int rounds;
    final Weights initial;
    final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
    final List<SubmitUpdateRequest> accepted = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private volatile int round = 1;
    private volatile int staleRefusalsLeft;
    private volatile int waitsLeft;
    private volatile boolean restartAfterFirstUpdate;
    private volatile boolean down;
    private volatile boolean restarted;
    private volatile Server server;
    private ServerCredentials credentials = InsecureServerCredentials.create();
    private volatile int port;

    public FakeFederatedServer(ModelSpec spec, int rounds) {
        this.spec = spec;
        this.rounds = rounds;
        try (MnistModel model = MnistModel.create(spec, 1L, 1)) {
            this.initial = model.weights();
        }
    }

    /** The first n submissions are refused as stale, as a server that moved on would. */
    FakeFederatedServer refusingStale(int n) {
        staleRefusalsLeft = n;
        return this;
    }

    /** The first n task requests get a wait. */
    FakeFederatedServer waitingFirst(int n) {
        waitsLeft = n;
        return this;
    }

    /**
     * After the first accepted update the server goes down (the next task request is its last answer), comes back
     * a second later on the same port and has forgotten all sessions.
     */
    FakeFederatedServer restartingAfterFirstUpdate() {
        restartAfterFirstUpdate = true;
        return this;
    }

    public FakeFederatedServer start() throws IOException {
        return startOn(0);
    }

    /** Serves TLS with the test certificate for {@code localhost}. */
    FakeFederatedServer startTls() throws IOException {
        credentials = TlsServerCredentials.create(resource("tls/server-cert.pem"), resource("tls/server-key.pem"));
        return startOn(0);
    }

    static File resource(String name) {
        try {
            return new File(FakeFederatedServer.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    FakeFederatedServer startOn(int wantedPort) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wantedPort), credentials)
                .maxInboundMessageSize(80 * 1024 * 1024)
                .addService(ServerInterceptors.intercept(FederatedLearningGrpc.bindService(this), new HeaderCapture()))
                .build()
                .start();
        port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void join(JoinRequest request, StreamObserver<JoinReply> reply) {
        authorizations.add(String.valueOf(AUTHORIZATION.get()));
        if (!request.getModelFingerprint().equals(spec.fingerprint())) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("model fingerprint does not match the server's '"
                    + spec.name() + "' model; run the client with --model " + spec.name()).asRuntimeException());
            return;
        }
        joins.add(request);
        String session = "session-" + joins.size();
        sessions.add(session);
        reply.onNext(JoinReply.newBuilder().setSessionId(session).setRunId(7).setModelSpec(spec.name())
                .setTotalRounds(rounds).build());
        reply.onCompleted();
    }

    @Override
    public void fetchTask(FetchTaskRequest request, StreamObserver<FetchTaskReply> reply) {
        if (!sessions.contains(request.getSessionId())) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("unknown session '" + request.getSessionId()
                    + "'; join again to get a session").asRuntimeException());
            return;
        }
        if (down || (restartAfterFirstUpdate && accepted.size() == 1 && !restarted)) {
            reply.onError(Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException());
            if (!down) {
                down = true;
                restartInBackground();
            }
            return;
        }
        FetchTaskReply.Builder answer = FetchTaskReply.newBuilder();
        if (waitsLeft > 0) {
            waitsLeft--;
            answer.setWait(Wait.newBuilder().setRetryAfterMs(50).setReason("waiting for the baseline"));
        } else if (round > rounds) {
            answer.setDone(Done.newBuilder().setRunId(7).setRoundsCompleted(rounds).setFinalAccuracy(FINAL_ACCURACY));
        } else {
            answer.setTrain(TrainTask.newBuilder().setRunId(7).setRound(round)
                    .setWeights(WeightsMessages.toMessage(initial, spec))
                    .setConfig(WeightsMessages.toMessage(CONFIG)));
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    @Override
    public void submitUpdate(SubmitUpdateRequest request, StreamObserver<SubmitUpdateReply> reply) {
        if (!sessions.contains(request.getSessionId())) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("unknown session").asRuntimeException());
            return;
        }
        if (staleRefusalsLeft > 0) {
            staleRefusalsLeft--;
            reply.onError(Status.FAILED_PRECONDITION.withDescription("round " + request.getRound()
                    + " is over; the current round is " + round + "; fetch a new task").asRuntimeException());
            return;
        }
        accepted.add(request);
        round++;
        reply.onNext(SubmitUpdateReply.newBuilder().setAccepted(true).setCurrentRound(round).build());
        reply.onCompleted();
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatReply> reply) {
        heartbeats.add(request);
        reply.onNext(HeartbeatReply.newBuilder().setLeaseMs(60_000).build());
        reply.onCompleted();
    }

    private void restartInBackground() {
        Server old = server;
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(100);
                old.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                sessions.clear();
                Thread.sleep(1_000);
                restarted = true;
                down = false;
                startOn(port);
            } catch (Exception e) {
                throw new IllegalStateException("the fake server could not restart", e);
            }
        }, "fake-server-restart");
        restart.setDaemon(true);
        restart.start();
    }

    @Override
    public void close() throws InterruptedException {
        Server s = server;
        if (s != null) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Keeps the authorization header so a test can see what the client sent. */
    private static final class HeaderCapture implements ServerInterceptor {
        private static final Metadata.Key<String> KEY = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            return Contexts.interceptCall(Context.current().withValue(AUTHORIZATION, headers.get(KEY)), call, headers,
                    next);
        }
    }
}
