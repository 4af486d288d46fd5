package io.fedblend.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.server.persistence.RunHistory;
import io.fedblend.server.persistence.TrainingRun;
import io.fedblend.server.round.RunRecovery;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.wire.WeightsMessages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * After a crash the server resumes the RUNNING run from its last round whose checkpoint still matches its
 * recorded SHA-256; a damaged checkpoint is reported and not loaded, and its round is played again.
 */
@QuarkusTest
@TestProfile(ResumeProfile.class)
class ResumeTest {

    @TestHTTPResource("/")
    URL server;

    @Inject
    RunRecovery recovery;

    @Test
    void resumesFromTheLastRoundWithAnIntactCheckpoint() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort())) {
            TrainTask task = client.nextTask(client.join("after-restart", ModelSpec.MLP).getSessionId());
            assertEquals(2, task.getRound(), "round 2's checkpoint is damaged, so round 2 is played again");
            assertTrue(WeightsMessages.fromMessage(task.getWeights(), ModelSpec.MLP)
                    .sameAs(CrashedRun.weightsOfRound(1)), "the task carries the model recorded after round 1");
        }
        given().when().get("/api/runs/latest")
                .then().statusCode(200)
                .body("id", equalTo((int) CrashedRun.CRASHED_RUN))
                .body("status", equalTo("RUNNING"))
                .body("rounds", equalTo(4))
                .body("roundsCompleted", equalTo(1));
        given().when().get("/api/runs/latest/rounds")
                .then().statusCode(200)
                .body("round", contains(0, 1));
    }

    @Test
    void sessionOpenedBeforeTheRestartCarriesOn() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort())) {
            TrainTask task = client.nextTask(CrashedRun.SESSION);
            assertEquals(2, task.getRound());
        }
    }

    @Test
    void refusesToResumeARunWhoseCheckpointsAreAllDamaged() {
        TrainingRun damaged = QuarkusTransaction.requiringNew()
                .call(() -> TrainingRun.<TrainingRun>findById(CrashedRun.DAMAGED_RUN));
        RunRecovery.Plan plan = new RunRecovery.Plan(damaged, RunHistory.settingsOf(damaged), true);
        IOException e = assertThrows(IOException.class, () -> recovery.prepare(plan, status -> { }));
        assertTrue(e.getMessage().startsWith("Run 1 cannot resume: none of its checkpoints is usable:\n  round 0: "),
                e.getMessage());
        given().when().get("/api/runs/1/rounds").then().body("round", contains(0));
    }
}
