package io.fedblend.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.MnistStore;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingProgress;
import io.fedblend.shared.proto.FetchTaskReply;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.SubmitUpdateReply;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.wire.WeightsMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a whole run as one real client: trains the mlp on MNIST train [30000, 33000) for every task the server
 * hands out until it says DONE. Runs once per test application; later callers get the same result.
 */
final class TestRun {

    static final Shard CLIENT_SHARD = new Shard(30_000, 33_000);

    /** What the client saw: the tasks it trained, in order. */
    record Played(long runId, List<Integer> rounds, FetchTaskReply done) {
    }

    private static Played played;

    private TestRun() {
    }

    static synchronized Played playToTheEnd(int port) throws Exception {
        if (played == null) {
            played = play(port);
        }
        return played;
    }

    private static Played play(int port) throws Exception {
        Dataset shard = clientShard();
        List<Integer> rounds = new ArrayList<>();
        try (TestClient client = TestClient.connect(port);
             MnistModel model = MnistModel.create(ModelSpec.MLP, 7, 0)) {
            JoinReply joined = client.join("test-client", ModelSpec.MLP);
            while (true) {
                FetchTaskReply reply = client.nextTaskOrDone(joined.getSessionId());
                if (reply.hasDone()) {
                    return new Played(joined.getRunId(), rounds, reply);
                }
                TrainTask task = reply.getTrain();
                model.assign(WeightsMessages.fromMessage(task.getWeights(), ModelSpec.MLP));
                model.train(shard, WeightsMessages.fromMessage(task.getConfig()), TrainingProgress.NONE);
                SubmitUpdateReply submitted = client.submit(joined.getSessionId(), task.getRunId(), task.getRound(),
                        WeightsMessages.toMessage(model.weights(), ModelSpec.MLP), shard.size());
                assertTrue(submitted.getAccepted(), submitted.getMessage());
                rounds.add(task.getRound());
            }
        }
    }

    static Dataset clientShard() throws IOException {
        return new MnistStore(MnistStore.defaultDataDir()).train().slice(CLIENT_SHARD);
    }
}
