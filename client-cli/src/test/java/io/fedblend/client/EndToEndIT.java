package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedblend.shared.model.CheckpointFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The main job in small: the packaged server and the packaged client as separate processes, talking gRPC over a
 * real socket, on real MNIST with the mlp for 2 rounds, the history in a real PostgreSQL database of its own.
 */
class EndToEndIT {

    private static final String DATABASE = "fedblend_e2e_test";

    @TempDir
    Path work;

    /** One row of round_result as PostgreSQL holds it. */
    record RoundRow(int round, double accuracy, double loss, String checkpointPath, String checkpointSha256) {
    }

    @Test
    void serverAndClientProcessesBlendTwoRoundsAndRecordThemInPostgres() throws Exception {
        TestData.ensureMnist();
        TestDatabase.recreate(DATABASE);
        int port = TestData.freePort();
        Path models = work.resolve("models");
        Map<String, String> serverEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(DATABASE),
                "FEDBLEND_MODELS_DIR", models.toString());

        try (AppProcess server = AppProcess.server(serverEnv, work.resolve("server.log"),
                "--server-address", "127.0.0.1:" + port, "--model", "mlp", "--num-rounds", "2", "--alpha", "0.5")) {
            server.awaitPort(port, 120);
            try (AppProcess client = AppProcess.client(Map.of(), work.resolve("client.log"),
                    "train", "--server-address", "127.0.0.1:" + port, "--model", "mlp", "--client-id", "e2e-client")) {
                assertEquals(0, client.exitCode(300), () -> "client failed:\n" + client.output());
            }

            List<RoundRow> rows = roundRows();
            assertEquals(List.of(0, 1, 2), rows.stream().map(RoundRow::round).toList(), "rounds recorded");
            assertTrue(rows.get(2).accuracy() > rows.get(0).accuracy(),
                    "accuracy after round 2 (" + rows.get(2).accuracy() + ") should beat the baseline ("
                            + rows.get(0).accuracy() + ")");
            for (RoundRow row : rows) {
                Path checkpoint = Path.of(row.checkpointPath());
                assertTrue(Files.isRegularFile(checkpoint), "checkpoint of round " + row.round() + " on disk");
                assertEquals(row.checkpointSha256(), CheckpointFile.sha256(checkpoint),
                        "SHA-256 of " + checkpoint + " matches its record");
            }
            assertEquals("FINISHED", runStatus());
            assertEquals(2, TestDatabase.acceptedUpdatesFrom(DATABASE, "e2e-client"),
                    "one accepted update per round from the client");

            JsonNode rest = new ObjectMapper().readTree(get("http://127.0.0.1:" + port + "/api/runs/latest/rounds"));
            assertEquals(rows.size(), rest.size(), "REST shows every recorded round");
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).round(), rest.get(i).get("round").asInt());
                assertEquals(rows.get(i).accuracy(), rest.get(i).get("accuracy").asDouble(), 0.0);
                assertEquals(rows.get(i).checkpointSha256(), rest.get(i).get("checkpointSha256").asText());
            }
        }
    }

    private static List<RoundRow> roundRows() throws Exception {
        try (Connection db = TestDatabase.connect(DATABASE); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select round, accuracy, loss, checkpoint_path, checkpoint_sha256"
                     + " from round_result where run_id = (select max(id) from training_run) order by round")) {
            List<RoundRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new RoundRow(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4), rs.getString(5)));
            }
            return rows;
        }
    }

    private static String runStatus() throws Exception {
        try (Connection db = TestDatabase.connect(DATABASE); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select status from training_run order by id desc limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> url + " answered " + response.body());
        return response.body();
    }
}
