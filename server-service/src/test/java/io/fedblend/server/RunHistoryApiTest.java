package io.fedblend.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only REST history after a finished run, and the 404s for what does not exist. */
@QuarkusTest
class RunHistoryApiTest {

    @TestHTTPResource("/")
    URL server;

    long runId;

    @BeforeEach
    void finishedRun() throws Exception {
        runId = TestRun.playToTheEnd(server.getPort()).runId();
    }

    @Test
    void listsRunsWithTheirConfigurationAndStatus() {
        given().when().get("/api/runs")
                .then().statusCode(200)
                .body("[0].id", equalTo((int) runId))
                .body("[0].status", equalTo("FINISHED"))
                .body("[0].model", equalTo("mlp"))
                .body("[0].alpha", equalTo(0.5f))
                .body("[0].rounds", equalTo(2))
                .body("[0].roundsCompleted", equalTo(2))
                .body("[0].serverShard", equalTo("0:2000"))
                .body("[0].finalCheckpointSha256", notNullValue());
    }

    @Test
    void showsOneRun() {
        given().when().get("/api/runs/" + runId)
                .then().statusCode(200)
                .body("id", equalTo((int) runId))
                .body("minClients", equalTo(1))
                .body("roundTimeouts", equalTo(0));
    }

    @Test
    void listsTheRoundsOfARunWithTimingsAndBytes() {
        given().when().get("/api/runs/" + runId + "/rounds")
                .then().statusCode(200)
                .body("round", contains(0, 1, 2))
                .body("[0].clients", equalTo(0))
                .body("[2].clients", equalTo(1))
                .body("[2].samples", equalTo(3000))
                .body("[2].accuracy", greaterThan(0.5f))
                .body("[2].bytesIn", greaterThan(400_000))
                .body("[2].bytesOut", greaterThan(400_000))
                .body("[2].evalMs", notNullValue())
                .body("[2].checkpointPath", containsString("round-2.fbm"));
    }

    @Test
    void latestRoundsAreTheLatestRunsRounds() {
        given().when().get("/api/runs/latest/rounds")
                .then().statusCode(200)
                .body("$", hasSize(3))
                .body("runId", contains((int) runId, (int) runId, (int) runId));
    }

    @Test
    void downloadsACheckpointWhoseBytesMatchTheRecordedSha256() throws Exception {
        String recorded = given().when().get("/api/runs/" + runId + "/rounds")
                .then().statusCode(200).extract().path("[1].checkpointSha256");
        var response = given().when().get("/api/runs/" + runId + "/models/1")
                .then().statusCode(200)
                .contentType("application/octet-stream")
                .header("X-Checkpoint-Sha256", recorded)
                .extract();
        byte[] bytes = response.asByteArray();
        assertEquals(recorded, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));

        String finalSha = given().when().get("/api/runs/" + runId).then().extract().path("finalCheckpointSha256");
        byte[] finalBytes = given().when().get("/api/runs/" + runId + "/models/final")
                .then().statusCode(200).extract().asByteArray();
        assertEquals(finalSha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(finalBytes)));
    }

    @Test
    void unknownRunIs404WithJsonError() {
        given().when().get("/api/runs/999999")
                .then().statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("no run with id 999999"));
        given().when().get("/api/runs/999999/rounds")
                .then().statusCode(404)
                .body("error", equalTo("no run with id 999999"));
        given().when().get("/api/runs/abc")
                .then().statusCode(404)
                .body("error", containsString("expected a number"));
    }

    @Test
    void unknownRoundIs404WithJsonError() {
        given().when().get("/api/runs/" + runId + "/models/7")
                .then().statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("run " + runId + " has no round 7 (2 completed)"));
        given().when().get("/api/runs/" + runId + "/models/latest")
                .then().statusCode(404)
                .body("error", containsString("or 'final'"));
    }
}
