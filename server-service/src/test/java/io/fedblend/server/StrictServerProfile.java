package io.fedblend.server;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A server that needs two updates per round and a token, so refused calls can be tried while a round is open. */
public class StrictServerProfile implements QuarkusTestProfile {

    static final String TOKEN = "test-token-1";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "fedblend.min-clients", "2",
                "fedblend.rounds", "3",
                "fedblend.tokens", TOKEN + ",test-token-2");
    }
}
