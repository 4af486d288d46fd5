package io.fedblend.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fedblend.server.round.RoundCoordinator;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.TrainTask;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A round that waits past round-timeout is recorded as timed out, visible over REST, and offered again. */
@QuarkusTest
@TestProfile(StrictServerProfile.class)
class RoundTimeoutTest {

    @TestHTTPResource("/")
    URL server;

    @Inject
    RoundCoordinator coordinator;

    @Test
    void timedOutRoundIsRecordedAndOfferedAgain() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort(), StrictServerProfile.TOKEN)) {
            JoinReply joined = client.join("slow-client", ModelSpec.MLP);
            TrainTask task = client.nextTask(joined.getSessionId());
            int timeoutsBefore = given().when().get("/api/runs/latest").then().extract().path("roundTimeouts");

            // As if the default 30 minutes had passed since the round was first handed out.
            coordinator.checkRoundTimeout(Instant.now().plus(Duration.ofMinutes(31)));

            given().when().get("/api/runs/latest")
                    .then().statusCode(200)
                    .body("status", equalTo("RUNNING"))
                    .body("roundTimeouts", greaterThanOrEqualTo(timeoutsBefore + 1))
                    .body("lastTimeoutRound", equalTo(task.getRound()))
                    .body("lastTimeoutAt", notNullValue());
            TrainTask again = client.nextTask(client.join("fresh-client", ModelSpec.MLP).getSessionId());
            assertEquals(task.getRound(), again.getRound(), "the same round is offered again");
            given().when().get("/api/runs/latest").then().body("statusReason", equalTo(null));
            given().when().get("/api/runs/latest/rounds").then().body("round", org.hamcrest.Matchers.contains(0));
        }
    }

    @Test
    void heartbeatGrantsTheConfiguredLease() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort(), StrictServerProfile.TOKEN)) {
            String session = client.join("beating-client", ModelSpec.MLP).getSessionId();
            assertEquals(Duration.ofMinutes(2).toMillis(), client.heartbeat(session));
        }
    }
}
