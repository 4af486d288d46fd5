package io.fedblend.client.train;

import io.fedblend.client.CommandFailure;
import io.fedblend.client.MnistData;
import io.fedblend.client.TrainOptions;
import io.fedblend.client.grpc.ServerChannel;
import io.fedblend.client.grpc.ServerConnection;
import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.FetchTaskReply;
import io.fedblend.shared.proto.FetchTaskRequest;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.JoinRequest;
import io.fedblend.shared.proto.SubmitUpdateReply;
import io.fedblend.shared.proto.SubmitUpdateRequest;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.proto.Wait;
import io.fedblend.shared.wire.WeightsMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One client's part in a federated run: join, then fetch a task, train on the private shard and hand the weights
 * back, round after round, until the server says the run is done.
 */
public final class FederatedTraining {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
    /** Generous: the server may blend and evaluate before it answers, and large models take time to send. */
    private static final Duration SUBMIT_DEADLINE = Duration.ofMinutes(5);
    private static final int MAX_REFUSALS_IN_A_ROW = 5;

    private final TrainOptions options;
    private final PrintStream out;
    private final String clientId;
    private ModelSpec spec;
    private String sessionId;
    private long samples;
    private String lastWaitReason;
    private int refusalsInARow;

    public FederatedTraining(TrainOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.spec = options.model;
        this.clientId = options.clientIdOrDefault();
    }

    public int run() {
        Dataset shard = MnistData.at(options.dataDir).trainShard(options.shard);
        samples = shard.size();
        out.println("loaded shard " + options.shard + " of the MNIST training set: " + samples + " images");
        try (ServerConnection server = new ServerConnection(options.serverAddress, options.useTls(),
                options.connectTimeout, ServerChannel.open(options.serverAddress, options.useTls(), options.caCert,
                        options.token), out);
                HeartbeatSender heartbeats = new HeartbeatSender(server)) {
            join(server);
            try (MnistModel model = MnistModel.create(spec, 0L, options.threads)) {
                while (true) {
                    FetchTaskReply reply = fetchTask(server);
                    switch (reply.getActionCase()) {
                        case TRAIN -> trainRound(server, heartbeats, model, shard, reply.getTrain());
                        case WAIT -> await(reply.getWait());
                        case DONE -> {
                            out.printf(Locale.ROOT, "run %d done after %d rounds: final accuracy %.4f%n",
                                    reply.getDone().getRunId(), reply.getDone().getRoundsCompleted(),
                                    reply.getDone().getFinalAccuracy());
                            return 0;
                        }
                        default -> throw new CommandFailure("the server at " + server.address()
                                + " answered FetchTask with neither a task, a wait nor done");
                    }
                }
            }
        }
    }

    /**
     * Opens a session. Without {@code --model} the client offers each architecture it knows until the server
     * accepts one, so it trains whatever the server trains.
     */
    private void join(ServerConnection server) {
        List<ModelSpec> candidates = spec != null ? List.of(spec) : ModelSpec.ALL;
        StatusRuntimeException firstRefusal = null;
        for (ModelSpec candidate : candidates) {
            JoinRequest request = JoinRequest.newBuilder()
                    .setClientId(clientId)
                    .setModelFingerprint(candidate.fingerprint())
                    .setSamples(samples)
                    .build();
            try {
                JoinReply reply = server.call("Join", CALL_DEADLINE, stub -> stub.join(request));
                joined(server, candidate, reply);
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
                    throw new CommandFailure(server.explain("Join", e), e);
                }
                firstRefusal = firstRefusal == null ? e : firstRefusal;
            }
        }
        throw new CommandFailure(server.explain("Join", firstRefusal), firstRefusal);
    }

    private void joined(ServerConnection server, ModelSpec candidate, JoinReply reply) {
        if (!reply.getModelSpec().isBlank() && !reply.getModelSpec().equalsIgnoreCase(candidate.name())) {
            throw new CommandFailure("the server at " + server.address() + " trains the '" + reply.getModelSpec()
                    + "' model but accepted this client's '" + candidate.name() + "'; start it with --model "
                    + reply.getModelSpec());
        }
        spec = candidate;
        sessionId = reply.getSessionId();
        out.printf(Locale.ROOT, "joined run %d at %s as %s: model %s, %d rounds%n", reply.getRunId(),
                server.address(), clientId, spec.name(), reply.getTotalRounds());
    }

    /**
     * Asks for the next task; a session the server no longer knows (it restarted, the lease ran out) is renewed
     * once.
     */
    private FetchTaskReply fetchTask(ServerConnection server) {
        boolean rejoined = false;
        while (true) {
            FetchTaskRequest request = FetchTaskRequest.newBuilder().setSessionId(sessionId).build();
            try {
                return server.call("FetchTask", CALL_DEADLINE, stub -> stub.fetchTask(request));
            } catch (StatusRuntimeException e) {
                if (rejoined || !isSessionRefusal(e)) {
                    throw new CommandFailure(server.explain("FetchTask", e), e);
                }
                out.println("the server no longer knows this session (" + e.getStatus().getDescription()
                        + "); joining again");
                join(server);
                rejoined = true;
            }
        }
    }

    private void trainRound(ServerConnection server, HeartbeatSender heartbeats, MnistModel model, Dataset shard,
            TrainTask task) {
        long start = System.nanoTime();
        int round = task.getRound();
        lastWaitReason = null;
        TrainingConfig config;
        try {
            model.assign(WeightsMessages.fromMessage(task.getWeights(), spec));
            config = WeightsMessages.fromMessage(task.getConfig());
        } catch (RuntimeException e) {
            throw new CommandFailure("round " + round + ": the server at " + server.address()
                    + " sent a task this client cannot use: " + e.getMessage(), e);
        }
        ProgressDisplay progress = new ProgressDisplay(out, ProgressDisplay.onTerminal(), "round " + round);
        heartbeats.start(sessionId, round);
        long trainStart = System.nanoTime();
        double loss;
        try {
            loss = model.train(shard, config, progress);
        } finally {
            heartbeats.stop();
            progress.finish();
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        Weights trained = model.weights();
        SubmitUpdateRequest request = SubmitUpdateRequest.newBuilder()
                .setSessionId(sessionId)
                .setRunId(task.getRunId())
                .setRound(round)
                .setWeights(WeightsMessages.toMessage(trained, spec))
                .setSamples(samples)
                .setTrainLoss(loss)
                .setTrainSeconds(trainSeconds)
                .build();
        SubmitUpdateReply reply;
        try {
            reply = server.call("SubmitUpdate", SUBMIT_DEADLINE, stub -> stub.submitUpdate(request));
        } catch (StatusRuntimeException e) {
            if (!isRoundRefusal(e)) {
                throw new CommandFailure(server.explain("SubmitUpdate", e), e);
            }
            refused(round, e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return;
        }
        if (!reply.getAccepted()) {
            refused(round, reply.getMessage());
            return;
        }
        refusalsInARow = 0;
        out.printf(Locale.ROOT, "round %d: local loss %.4f, sent %s, %.1f s (training %.1f s)%n", round, loss,
                megabytes(request.getSerializedSize()), (System.nanoTime() - start) / 1e9, trainSeconds);
    }

    /** The server moved on or did not want this update: not fatal, the next task says what to do. */
    private void refused(int round, String why) {
        refusalsInARow++;
        out.println("round " + round + ": the server did not take this update (" + why + "); asking for a new task");
        if (refusalsInARow >= MAX_REFUSALS_IN_A_ROW) {
            throw new CommandFailure("the server refused " + refusalsInARow + " updates in a row; the last: " + why);
        }
    }

    private void await(Wait wait) {
        if (!wait.getReason().equals(lastWaitReason)) {
            out.println("waiting: " + (wait.getReason().isBlank() ? "the server has no task yet" : wait.getReason()));
            lastWaitReason = wait.getReason();
        }
        long millis = Math.max(100, Math.min(30_000, wait.getRetryAfterMs()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while waiting for the server");
        }
    }

    private static boolean isSessionRefusal(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND
                || code == Status.Code.UNAUTHENTICATED;
    }

    private static boolean isRoundRefusal(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.FAILED_PRECONDITION || code == Status.Code.NOT_FOUND
                || code == Status.Code.ABORTED || code == Status.Code.ALREADY_EXISTS
                || code == Status.Code.UNAUTHENTICATED;
    }

    static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0))
                : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
