package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.CheckpointFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history database goes away while a client trains round 1 and comes back later. The server does not advance
 * the round without its record: it keeps the model, offers the round again, and once PostgreSQL is back the round is
 * recorded exactly once and the run finishes. Runs on a PostgreSQL cluster of its own (under target/), never the
 * machine's shared one.
 */
class DatabaseOutageIT {

    private static final String DATABASE = "fedblend_outage_test";

    @TempDir
    Path work;

    @Test
    void roundIsRecordedOnceAfterTheDatabaseComesBack() throws Exception {
        TestData.ensureMnist();
        try (PrivatePostgres pg = PrivatePostgres.create(Path.of("target/private-postgres"))) {
            pg.start();
            pg.createDatabase(DATABASE);
            int port = TestData.freePort();
            String address = "127.0.0.1:" + port;
            Map<String, String> serverEnv = Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl(DATABASE),
                    "FEDBLEND_MODELS_DIR", work.resolve("models").toString(),
                    "FEDBLEND_SERVER_SHARD", "0:2000",
                    // seconds of local training: time enough to take the database away before the update arrives
                    "FEDBLEND_LOCAL_EPOCHS", "3");

            try (AppProcess server = AppProcess.server(serverEnv, work.resolve("server.log"),
                    "--server-address", address, "--model", "mlp", "--num-rounds", "1")) {
                server.awaitPort(port, 120);
                server.awaitOutput("Run 1 is ready for round 1 of 1", 120);

                try (AppProcess client = AppProcess.client(Map.of(), work.resolve("client.log"),
                        "train", "--server-address", address, "--model", "mlp", "--shard", "30000:60000",
                        "--client-id", "patient-client")) {
                    client.awaitOutput("round 1 epoch 1/3", 180);
                    pg.stop();
                    server.awaitOutput("Round 1 of run 1 could not be completed", 180);
                    assertTrue(client.isAlive(), "the client carries on while the database is away:\n"
                            + client.output());
                    pg.start();

                    assertEquals(0, client.exitCode(300), client::output);
                    assertTrue(client.output().contains("done after 1 rounds"), client::output);
                    assertTrue(client.output().split("round 1: local loss", -1).length - 1 >= 2,
                            "round 1 was trained again after the failed record:\n" + client.output());
                }
                server.awaitOutput("Run 1 finished after 1 rounds", 60);
            }

            try (Connection db = pg.connect(DATABASE); Statement st = db.createStatement()) {
                try (ResultSet rs = st.executeQuery("select round, count(*), min(checkpoint_path),"
                        + " min(checkpoint_sha256) from round_result where run_id = 1 group by round order by round")) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "the baseline");
                    assertTrue(rs.next(), "round 1 is recorded");
                    assertEquals(1, rs.getInt(1));
                    assertEquals(1, rs.getInt(2), "round 1 is recorded once");
                    assertEquals(rs.getString(4), CheckpointFile.sha256(Path.of(rs.getString(3))),
                            "the recorded checkpoint is the one on disk");
                    assertTrue(!rs.next(), "no round beyond the run's one");
                }
                try (ResultSet rs = st.executeQuery("select status, rounds_completed from training_run")) {
                    assertTrue(rs.next());
                    assertEquals("FINISHED", rs.getString(1));
                    assertEquals(1, rs.getInt(2));
                }
            }
        }
    }
}
