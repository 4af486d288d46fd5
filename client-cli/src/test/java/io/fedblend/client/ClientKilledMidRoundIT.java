package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client process is killed with SIGKILL while it trains round 1: the server records nothing for the round and
 * keeps its model, and another client process joins later and completes the round.
 */
class ClientKilledMidRoundIT {

    private static final String DATABASE = "fedblend_client_kill_test";

    @TempDir
    Path work;

    @Test
    void roundSurvivesAClientKilledWhileTrainingAndAnotherClientCompletesIt() throws Exception {
        TestData.ensureMnist();
        TestDatabase.recreate(DATABASE);
        int port = TestData.freePort();
        String address = "127.0.0.1:" + port;
        Map<String, String> serverEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(DATABASE),
                "FEDBLEND_MODELS_DIR", work.resolve("models").toString(),
                "FEDBLEND_SERVER_SHARD", "0:2000",
                // three passes over 30000 images: seconds of training, time enough to kill the client in it
                "FEDBLEND_LOCAL_EPOCHS", "3");

        try (AppProcess server = AppProcess.server(serverEnv, work.resolve("server.log"),
                "--server-address", address, "--model", "mlp", "--num-rounds", "1")) {
            server.awaitPort(port, 120);

            try (AppProcess doomed = AppProcess.client(Map.of(), work.resolve("doomed.log"),
                    "train", "--server-address", address, "--model", "mlp", "--shard", "30000:60000",
                    "--client-id", "doomed-client")) {
                doomed.awaitOutput("round 1 epoch 1/3", 180);
                doomed.kill();
                assertTrue(!doomed.output().contains("round 1: local loss"), "killed before it sent its update:\n"
                        + doomed.output());
            }
            assertEquals(List.of(0), TestDatabase.recordedRounds(DATABASE), "only the baseline is recorded");
            assertEquals(0, TestDatabase.acceptedUpdatesFrom(DATABASE, "doomed-client"));

            try (AppProcess rescuer = AppProcess.client(Map.of(), work.resolve("rescuer.log"),
                    "train", "--server-address", address, "--model", "mlp", "--shard", "0:1000",
                    "--client-id", "rescuer-client")) {
                assertEquals(0, rescuer.exitCode(300), rescuer::output);
                assertTrue(rescuer.output().contains("round 1: local loss"), rescuer::output);
                assertTrue(rescuer.output().contains("done after 1 rounds"), rescuer::output);
            }
            server.awaitOutput("Run 1 finished after 1 rounds", 60);
        }

        assertEquals(List.of(0, 1), TestDatabase.recordedRounds(DATABASE), "round 1 recorded once, by the rescuer");
        assertEquals(1, TestDatabase.acceptedUpdatesFrom(DATABASE, "rescuer-client"));
        assertEquals(0, TestDatabase.acceptedUpdatesFrom(DATABASE, "doomed-client"));
    }
}
