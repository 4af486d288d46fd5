package io.fedblend.server.grpc;

import io.fedblend.server.round.Refusal;
import io.fedblend.server.round.RoundCoordinator;
import io.fedblend.server.round.Task;
import io.fedblend.server.round.UpdateSubmission;
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
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Translates gRPC messages to coordinator calls and refusals to precise gRPC statuses; holds no state. */
@GrpcService
@Blocking
public class FederatedLearningService extends FederatedLearningGrpc.FederatedLearningImplBase {

    private static final Logger LOG = Logger.getLogger(FederatedLearningService.class);

    @Inject
    RoundCoordinator coordinator;

    @Override
    public void join(JoinRequest request, StreamObserver<JoinReply> reply) {
        answer(reply, () -> {
            RoundCoordinator.Joined joined = coordinator.join(request.getClientId(), request.getModelFingerprint());
            return JoinReply.newBuilder()
                    .setSessionId(joined.sessionId())
                    .setRunId(joined.runId())
                    .setModelSpec(joined.model())
                    .setTotalRounds(joined.totalRounds())
                    .build();
        });
    }

    @Override
    public void fetchTask(FetchTaskRequest request, StreamObserver<FetchTaskReply> reply) {
        answer(reply, () -> {
            Task task = coordinator.fetchTask(request.getSessionId());
            FetchTaskReply message = toMessage(task);
            if (task instanceof Task.Train train) {
                coordinator.taskSent(train.round(), message.getSerializedSize());
            }
            return message;
        });
    }

    @Override
    public void submitUpdate(SubmitUpdateRequest request, StreamObserver<SubmitUpdateReply> reply) {
        answer(reply, () -> {
            RoundCoordinator.Submitted submitted = coordinator.submit(new UpdateSubmission(request.getSessionId(),
                    request.getRunId(), request.getRound(), request.getSamples(), request.getTrainLoss(),
                    request.getTrainSeconds(), request.getSerializedSize(),
                    spec -> WeightsMessages.fromMessage(request.getWeights(), spec)));
            return SubmitUpdateReply.newBuilder()
                    .setAccepted(true)
                    .setCurrentRound(submitted.currentRound())
                    .setMessage(submitted.message())
                    .build();
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatReply> reply) {
        answer(reply, () -> HeartbeatReply.newBuilder()
                .setLeaseMs(coordinator.heartbeat(request.getSessionId()))
                .build());
    }

    private static FetchTaskReply toMessage(Task task) {
        FetchTaskReply.Builder reply = FetchTaskReply.newBuilder();
        if (task instanceof Task.Train train) {
            reply.setTrain(TrainTask.newBuilder()
                    .setRunId(train.runId())
                    .setRound(train.round())
                    .setWeights(WeightsMessages.toMessage(train.weights(), train.spec()))
                    .setConfig(WeightsMessages.toMessage(train.config())));
        } else if (task instanceof Task.Wait wait) {
            reply.setWait(Wait.newBuilder().setRetryAfterMs(wait.retryAfterMs()).setReason(wait.reason()));
        } else if (task instanceof Task.Done done) {
            reply.setDone(Done.newBuilder()
                    .setRunId(done.runId())
                    .setRoundsCompleted(done.roundsCompleted())
                    .setFinalAccuracy(done.finalAccuracy()));
        }
        return reply.build();
    }

    private static <T> void answer(StreamObserver<T> reply, Supplier<T> call) {
        T message;
        try {
            message = call.get();
        } catch (Refusal refusal) {
            reply.onError(statusOf(refusal).withDescription(refusal.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            if (causedBy(e, SQLException.class)) {
                // The history database is down; the call changed nothing and may simply be repeated.
                LOG.errorf("A gRPC call failed because the history database is unavailable: %s", e.getMessage());
                reply.onError(Status.UNAVAILABLE.withDescription("the server's history database is unavailable;"
                        + " nothing was changed, try again shortly").asRuntimeException());
            } else {
                LOG.error("A gRPC call failed", e);
                reply.onError(Status.INTERNAL.withDescription("the server failed: " + e.getMessage())
                        .asRuntimeException());
            }
            return;
        }
        reply.onNext(message);
        reply.onCompleted();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Status statusOf(Refusal refusal) {
        return switch (refusal.reason()) {
            case BAD_REQUEST, INVALID_UPDATE -> Status.INVALID_ARGUMENT;
            case NOT_READY -> Status.UNAVAILABLE;
            case WRONG_FINGERPRINT, UNKNOWN_SESSION, WRONG_RUN, STALE_ROUND, FUTURE_ROUND, ROUND_CLOSED,
                    DUPLICATE_UPDATE, RUN_OVER -> Status.FAILED_PRECONDITION;
        };
    }
}
