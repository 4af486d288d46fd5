package io.fedblend.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchFlagsTest {

    @Test
    void mapsSeedStyleFlagsToConfigurationKeys() throws Exception {
        LaunchFlags.Parsed parsed = LaunchFlags.parse(List.of("--num-rounds", "3", "--alpha=0.7", "--create-baseline",
                "--server-address", "127.0.0.1:9090", "--model", "mlp", "--min-clients", "2"));
        assertEquals(Map.of("fedblend.rounds", "3", "fedblend.alpha", "0.7", "fedblend.create-baseline", "true",
                "quarkus.http.host", "127.0.0.1", "quarkus.http.port", "9090", "fedblend.model", "mlp",
                "fedblend.min-clients", "2"), parsed.properties());
    }

    @Test
    void createBaselineTakesAnExplicitBoolean() throws Exception {
        assertEquals("false", LaunchFlags.parse(List.of("--create-baseline=false")).properties()
                .get("fedblend.create-baseline"));
        assertThrows(LaunchFlags.UsageException.class, () -> LaunchFlags.parse(List.of("--create-baseline=maybe")));
    }

    @Test
    void anyHostListensOnEveryInterface() throws Exception {
        assertEquals("0.0.0.0", LaunchFlags.parse(List.of("--server-address", ":8080")).properties()
                .get("quarkus.http.host"));
    }

    @Test
    void helpIsRecognised() throws Exception {
        assertTrue(LaunchFlags.parse(List.of("--alpha", "0.2", "--help")).help());
    }

    @Test
    void refusesUnknownFlagsMissingValuesAndBadNumbers() {
        assertEquals("unknown option '--rounds'", assertThrows(LaunchFlags.UsageException.class,
                () -> LaunchFlags.parse(List.of("--rounds", "3"))).getMessage());
        assertEquals("--alpha needs a value", assertThrows(LaunchFlags.UsageException.class,
                () -> LaunchFlags.parse(List.of("--alpha"))).getMessage());
        assertEquals("--num-rounds takes a number, got 'five'", assertThrows(LaunchFlags.UsageException.class,
                () -> LaunchFlags.parse(List.of("--num-rounds", "five"))).getMessage());
        assertThrows(LaunchFlags.UsageException.class, () -> LaunchFlags.parse(List.of("--server-address", "host")));
    }
}
