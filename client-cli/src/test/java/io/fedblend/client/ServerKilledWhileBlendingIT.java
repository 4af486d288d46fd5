package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.CheckpointFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL as soon as it starts blending round 1, while it evaluates the blended
 * cnn on the test set and writes the round away. Round 1 is then either fully recorded (row and matching checkpoint)
 * or not recorded at all. Started again on the same database and models dir, the server resumes the run, the client
 * that was connected carries on, and every round ends up recorded exactly once with a checkpoint that matches.
 */
class ServerKilledWhileBlendingIT {

    private static final String DATABASE = "fedblend_kill_blend_test";

    @TempDir
    Path work;

    /** One row of round_result as PostgreSQL holds it. */
    record RoundRow(int round, String checkpointPath, String checkpointSha256) {
    }

    @Test
    void serverKilledWhileBlendingResumesWithNoHalfWrittenRound() throws Exception {
        TestData.ensureMnist();
        TestDatabase.recreate(DATABASE);
        int port = TestData.freePort();
        String address = "127.0.0.1:" + port;
        Path models = work.resolve("models");
        Map<String, String> serverEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(DATABASE),
                "FEDBLEND_MODELS_DIR", models.toString(),
                // a small baseline; the cnn's evaluation on the 10k test set is the window the kill lands in
                "FEDBLEND_SERVER_SHARD", "0:2000");
        String[] serverArgs = {"--server-address", address, "--model", "cnn", "--num-rounds", "2"};

        try (AppProcess client = AppProcess.client(Map.of(), work.resolve("client.log"),
                "train", "--server-address", address, "--model", "cnn", "--shard", "30000:32000",
                "--client-id", "steady-client", "--connect-timeout", "180s")) {
            try (AppProcess first = AppProcess.server(serverEnv, work.resolve("server-1.log"), serverArgs)) {
                first.awaitOutput("Run 1 round 1: blending 1 update(s)", 240);
                first.kill();
                assertTrue(!first.output().contains("Run 1 finished"), "killed before the run ended:\n"
                        + first.output());
            }

            List<RoundRow> atKill = roundRows();
            List<Integer> roundsAtKill = atKill.stream().map(RoundRow::round).toList();
            System.out.println("[kill-while-blending] rounds recorded at the kill: " + roundsAtKill);
            assertTrue(roundsAtKill.equals(List.of(0)) || roundsAtKill.equals(List.of(0, 1)),
                    "round 1 is recorded whole or not at all, nothing beyond it: " + roundsAtKill);
            for (RoundRow row : atKill) {
                assertCheckpointMatches(row);
            }
            Path round1 = models.resolve("run-1").resolve("round-1.fbm");
            if (Files.exists(round1)) {
                // atomic write: a file under the final name is a whole checkpoint, recorded or not
                CheckpointFile.read(round1);
            }
            assertEquals("RUNNING", runStatus(), "the run is not finished by a kill");
            assertTrue(client.isAlive(), "the client waits for the server to come back:\n" + client.output());

            try (AppProcess second = AppProcess.server(serverEnv, work.resolve("server-2.log"), serverArgs)) {
                second.awaitOutput("Resuming run 1 after round " + roundsAtKill.get(roundsAtKill.size() - 1), 120);
                assertEquals(0, client.exitCode(240), client::output);
                assertTrue(client.output().contains("done after 2 rounds"), client::output);
                int round1Trained = client.output().split("round 1: local loss", -1).length - 1;
                assertEquals(roundsAtKill.contains(1) ? 1 : 2, round1Trained,
                        "round 1 is played again only when it was not recorded:\n" + client.output());
                second.awaitOutput("Run 1 finished after 2 rounds", 60);
            }
        }

        List<RoundRow> rows = roundRows();
        assertEquals(List.of(0, 1, 2), rows.stream().map(RoundRow::round).toList(), "each round recorded once");
        for (RoundRow row : rows) {
            assertCheckpointMatches(row);
        }
        assertEquals("FINISHED", runStatus());
        assertEquals(1, runCount(), "the restart resumed the run instead of starting a new one");
    }

    private static void assertCheckpointMatches(RoundRow row) throws Exception {
        Path checkpoint = Path.of(row.checkpointPath());
        assertTrue(Files.isRegularFile(checkpoint), "checkpoint of round " + row.round() + " on disk: " + checkpoint);
        assertEquals(row.checkpointSha256(), CheckpointFile.sha256(checkpoint),
                "SHA-256 of " + checkpoint + " matches its record");
    }

    private static List<RoundRow> roundRows() throws Exception {
        try (Connection db = TestDatabase.connect(DATABASE); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select round, checkpoint_path, checkpoint_sha256 from round_result"
                     + " where run_id = 1 order by round")) {
            List<RoundRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new RoundRow(rs.getInt(1), rs.getString(2), rs.getString(3)));
            }
            return rows;
        }
    }

    private static String runStatus() throws Exception {
        try (Connection db = TestDatabase.connect(DATABASE); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select status from training_run where id = 1")) {
            assertTrue(rs.next(), "run 1 exists");
            return rs.getString(1);
        }
    }

    private static int runCount() throws Exception {
        try (Connection db = TestDatabase.connect(DATABASE); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from training_run")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
