package io.fedblend.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.ModelSpec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole 2-round run over real gRPC with a real client training on real MNIST, checked in PostgreSQL and on disk. */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class FederatedRunTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void twoRoundRunIsRecordedInPostgresAndOnDisk() throws Exception {
        TestRun.Played played = TestRun.playToTheEnd(server.getPort());

        assertEquals(List.of(1, 2), played.rounds(), "the client trains round 1, then round 2");
        assertEquals(2, played.done().getDone().getRoundsCompleted());

        Map<String, Object> run = Rows.one("select * from training_run where id = ?", played.runId());
        assertEquals("FINISHED", run.get("status"));
        assertEquals("mlp", run.get("model"));
        assertEquals(ModelSpec.MLP.fingerprint(), run.get("model_fingerprint"));
        assertEquals(2, run.get("rounds_completed"));
        assertEquals(0, run.get("server_shard_from"));
        assertEquals(2000, run.get("server_shard_to"));

        List<Map<String, Object>> rounds = Rows.query("select * from round_result where run_id = ? order by round",
                played.runId());
        assertEquals(List.of(0, 1, 2), rounds.stream().map(r -> r.get("round")).toList());
        for (Map<String, Object> round : rounds.subList(1, 3)) {
            assertEquals(0.5, (double) round.get("alpha"));
            assertEquals(1, round.get("clients"));
            assertEquals(3000L, round.get("samples"));
            assertTrue((long) round.get("bytes_in") > 400_000, "an mlp update is about 400 KB: " + round);
            assertTrue((long) round.get("bytes_out") > 400_000, "an mlp task is about 400 KB: " + round);
            assertEquals(1500L, round.get("train_ms"), "the client reported 1.5 s of training");
        }
        double baseline = (double) rounds.get(0).get("accuracy");
        double afterRound2 = (double) rounds.get(2).get("accuracy");
        assertTrue(afterRound2 > baseline, "accuracy after round 2 (" + afterRound2 + ") beats the baseline ("
                + baseline + ")");
        assertEquals(afterRound2, played.done().getDone().getFinalAccuracy(), 1e-12);

        for (Map<String, Object> round : rounds) {
            Path file = Path.of((String) round.get("checkpoint_path"));
            assertTrue(Files.isRegularFile(file), "checkpoint on disk: " + file);
            assertEquals(round.get("checkpoint_sha256"), CheckpointFile.sha256(file), "recorded SHA-256 of " + file);
        }
        assertEquals(List.of("baseline.fbm", "round-1.fbm", "round-2.fbm"), rounds.stream()
                .map(r -> Path.of((String) r.get("checkpoint_path")).getFileName().toString()).toList());
        Path finalModel = Path.of((String) run.get("final_checkpoint_path"));
        assertEquals("final.fbm", finalModel.getFileName().toString());
        assertEquals(run.get("final_checkpoint_sha256"), CheckpointFile.sha256(finalModel));
        assertTrue(CheckpointFile.read(finalModel).weights()
                .sameAs(CheckpointFile.read(Path.of((String) rounds.get(2).get("checkpoint_path"))).weights()),
                "the final model is round 2's model");

        List<Map<String, Object>> updates = Rows.query(
                "select * from participation where run_id = ? and kind = 'UPDATE' order by id", played.runId());
        assertEquals(2, updates.size());
        assertTrue(updates.stream().allMatch(p -> Boolean.TRUE.equals(p.get("accepted"))
                && "ACCEPTED".equals(p.get("outcome"))), updates.toString());
        assertEquals(1, Rows.count("select count(*) from client where client_id = 'test-client'"));
    }

    @Test
    void finishedRunTellsLateClientsDone() throws Exception {
        TestRun.Played played = TestRun.playToTheEnd(server.getPort());
        try (TestClient late = TestClient.connect(server.getPort())) {
            var joined = late.join("late-client", ModelSpec.MLP);
            var reply = late.fetch(joined.getSessionId());
            assertTrue(reply.hasDone(), reply.toString());
            assertEquals(played.runId(), reply.getDone().getRunId());
            assertFalse(reply.hasTrain());
        }
    }
}
