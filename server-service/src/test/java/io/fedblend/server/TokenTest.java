package io.fedblend.server;

import static io.fedblend.server.UpdateRefusalTest.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedblend.shared.model.ModelSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With tokens configured, a call without one of them is UNAUTHENTICATED, recorded, and the token never stored. */
@QuarkusTest
@TestProfile(StrictServerProfile.class)
class TokenTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void refusesCallsWithoutAToken() throws Exception {
        long clientsBefore = Rows.count("select count(*) from client");
        try (TestClient anonymous = TestClient.connect(server.getPort())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> anonymous.join("anonymous-client", ModelSpec.MLP));
            assertStatus(e, Status.Code.UNAUTHENTICATED, "no token");
        }
        assertRecorded("no token");
        assertEquals(clientsBefore, Rows.count("select count(*) from client"), "no client was registered");
    }

    @Test
    void refusesCallsWithAWrongToken() throws Exception {
        try (TestClient impostor = TestClient.connect(server.getPort(), "guessed-token")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> impostor.fetch("any-session"));
            assertStatus(e, Status.Code.UNAUTHENTICATED, "not one this server accepts");
        }
        List<Map<String, Object>> rows = assertRecorded("not one this server accepts");
        assertFalse(rows.toString().contains("guessed-token"), "the presented token is not stored");
    }

    @Test
    void acceptsEachConfiguredToken() throws Exception {
        try (TestClient second = TestClient.connect(server.getPort(), "test-token-2")) {
            assertFalse(second.join("second-token-client", ModelSpec.MLP).getSessionId().isEmpty());
        }
    }

    /** The refusal is written off the I/O thread, so it may land a moment after the call returns. */
    private static List<Map<String, Object>> assertRecorded(String reasonPart) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            List<Map<String, Object>> rows = Rows.query("select * from participation where kind = 'AUTH'"
                    + " and accepted = false and outcome = 'UNAUTHENTICATED' and reason like ?", "%" + reasonPart + "%");
            if (!rows.isEmpty() || Instant.now().isAfter(giveUp)) {
                assertFalse(rows.isEmpty(), "the refusal is recorded");
                return rows;
            }
            TestClient.sleep(50);
        }
    }
}
