package io.fedblend.server;

import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.FederatedLearningGrpc;
import io.fedblend.shared.proto.FetchTaskReply;
import io.fedblend.shared.proto.FetchTaskRequest;
import io.fedblend.shared.proto.HeartbeatRequest;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.JoinRequest;
import io.fedblend.shared.proto.ModelWeights;
import io.fedblend.shared.proto.SubmitUpdateReply;
import io.fedblend.shared.proto.SubmitUpdateRequest;
import io.fedblend.shared.proto.TrainTask;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A gRPC client over a real socket to the test application, as a FedBlend client would talk to it. */
final class TestClient implements AutoCloseable {

    static final int MAX_MESSAGE = 80 * 1024 * 1024;

    private final ManagedChannel channel;
    private final FederatedLearningGrpc.FederatedLearningBlockingStub stub;

    private TestClient(int port, String token) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE)
                .build();
        var stub = FederatedLearningGrpc.newBlockingStub(channel);
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.stub = stub;
    }

    static TestClient connect(int port) {
        return new TestClient(port, null);
    }

    static TestClient connect(int port, String token) {
        return new TestClient(port, token);
    }

    FederatedLearningGrpc.FederatedLearningBlockingStub stub() {
        return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    JoinReply join(String clientId, ModelSpec spec) {
        return join(clientId, spec.fingerprint());
    }

    JoinReply join(String clientId, String fingerprint) {
        return stub().join(JoinRequest.newBuilder().setClientId(clientId).setModelFingerprint(fingerprint).build());
    }

    FetchTaskReply fetch(String sessionId) {
        return stub().fetchTask(FetchTaskRequest.newBuilder().setSessionId(sessionId).build());
    }

    long heartbeat(String sessionId) {
        return stub().heartbeat(HeartbeatRequest.newBuilder().setSessionId(sessionId).build()).getLeaseMs();
    }

    /** Asks until the server hands out a task or says the run is done, honouring its retry hints. */
    FetchTaskReply nextTaskOrDone(String sessionId) {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            FetchTaskReply reply = fetch(sessionId);
            if (!reply.hasWait()) {
                return reply;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("the server kept answering WAIT: " + reply.getWait().getReason());
            }
            sleep(Math.min(reply.getWait().getRetryAfterMs(), 200));
        }
    }

    TrainTask nextTask(String sessionId) {
        FetchTaskReply reply = nextTaskOrDone(sessionId);
        if (!reply.hasTrain()) {
            throw new AssertionError("expected a training task, got " + reply);
        }
        return reply.getTrain();
    }

    SubmitUpdateReply submit(String sessionId, long runId, int round, ModelWeights weights, long samples) {
        return stub().submitUpdate(SubmitUpdateRequest.newBuilder()
                .setSessionId(sessionId)
                .setRunId(runId)
                .setRound(round)
                .setWeights(weights)
                .setSamples(samples)
                .setTrainLoss(0.5)
                .setTrainSeconds(1.5)
                .build());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
