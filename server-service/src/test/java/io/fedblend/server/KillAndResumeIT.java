package io.fedblend.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingProgress;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.FetchTaskReply;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.wire.WeightsMessages;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server process is killed with SIGKILL while a client trains round 2; started again, it resumes the run after
 * round 1 and the same client, with the same session, finishes the run. No round is lost or recorded twice.
 */
class KillAndResumeIT {

    @Test
    void serverKilledMidRoundResumesAndTheClientCarriesOn() throws Exception {
        new TestDatabase().start();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.URL,
                "FEDBLEND_MODEL", "mlp",
                "FEDBLEND_ROUNDS", "3",
                "FEDBLEND_SERVER_SHARD", "0:2000",
                "FEDBLEND_MODELS_DIR", TestDatabase.MODELS_DIR.toString());
        String address = "127.0.0.1:" + port;
        Dataset shard = TestRun.clientShard();

        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 7, 0)) {
            String session;
            Weights afterRound1;
            try (ServerProcess first = ServerProcess.start(env, "--server-address", address);
                 TestClient client = TestClient.connect(port)) {
                first.awaitOutput("Listening on", 180);
                first.awaitOutput("is ready for round 1 of 3", 180);
                session = client.join("survivor", ModelSpec.MLP).getSessionId();
                trainAndSubmit(client, session, client.nextTask(session), model, shard);
                TrainTask round2 = client.nextTask(session);
                assertEquals(2, round2.getRound());
                afterRound1 = WeightsMessages.fromMessage(round2.getWeights(), ModelSpec.MLP);
                first.kill();
            }
            assertEquals(List.of(0, 1), recordedRounds());

            try (ServerProcess second = ServerProcess.start(env, "--server-address", address);
                 TestClient client = TestClient.connect(port)) {
                second.awaitOutput("Listening on", 180);
                second.awaitOutput("Resuming run 1 after round 1", 180);
                TrainTask again = client.nextTask(session);
                assertEquals(2, again.getRound(), "round 2 is offered again to the same session");
                assertTrue(WeightsMessages.fromMessage(again.getWeights(), ModelSpec.MLP).sameAs(afterRound1),
                        "from the model recorded after round 1");
                trainAndSubmit(client, session, again, model, shard);
                trainAndSubmit(client, session, client.nextTask(session), model, shard);
                FetchTaskReply done = client.nextTaskOrDone(session);
                assertTrue(done.hasDone(), done.toString());
                assertEquals(3, done.getDone().getRoundsCompleted());
            }
        }
        assertEquals(List.of(0, 1, 2, 3), recordedRounds());
        assertEquals("FINISHED", Rows.one("select status from training_run where id = 1").get("status"));
        for (Map<String, Object> round : Rows.query("select checkpoint_path, checkpoint_sha256 from round_result")) {
            assertEquals(round.get("checkpoint_sha256"),
                    CheckpointFile.sha256(Path.of((String) round.get("checkpoint_path"))));
        }
    }

    private static void trainAndSubmit(TestClient client, String session, TrainTask task, MnistModel model,
                                       Dataset shard) {
        model.assign(WeightsMessages.fromMessage(task.getWeights(), ModelSpec.MLP));
        model.train(shard, WeightsMessages.fromMessage(task.getConfig()), TrainingProgress.NONE);
        assertTrue(client.submit(session, task.getRunId(), task.getRound(),
                WeightsMessages.toMessage(model.weights(), ModelSpec.MLP), shard.size()).getAccepted());
    }

    private static List<Object> recordedRounds() {
        return Rows.query("select round from round_result where run_id = 1 order by round").stream()
                .map(r -> r.get("round")).toList();
    }
}
