package io.fedblend.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    @Test
    void defaultsAreAccepted() {
        assertEquals(List.of(), ConfigCheck.problems(config(Map.of())));
    }

    @Test
    void namesTheKeyAndEnvironmentVariableOfEachBadValue() {
        assertProblem(Map.of("alpha", 1.5), "fedblend.alpha (FEDBLEND_ALPHA) is 1.5; it must be between 0 and 1");
        assertProblem(Map.of("alpha", Double.NaN), "fedblend.alpha (FEDBLEND_ALPHA) is NaN");
        assertProblem(Map.of("rounds", 0), "fedblend.rounds (FEDBLEND_ROUNDS) is 0; it must be at least 1");
        assertProblem(Map.of("minClients", 0), "fedblend.min-clients (FEDBLEND_MIN_CLIENTS) is 0");
        assertProblem(Map.of("model", "resnet"), "fedblend.model (FEDBLEND_MODEL): unknown model 'resnet'");
        assertProblem(Map.of("serverShard", "10:5"), "fedblend.server-shard (FEDBLEND_SERVER_SHARD): shard [10, 5)");
        assertProblem(Map.of("serverShard", "all"), "fedblend.server-shard (FEDBLEND_SERVER_SHARD): shard 'all'");
        assertProblem(Map.of("onRoundTimeout", "panic"), "fedblend.on-round-timeout (FEDBLEND_ON_ROUND_TIMEOUT)");
        assertProblem(Map.of("roundTimeout", Duration.ZERO), "fedblend.round-timeout");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertEquals(2, ConfigCheck.problems(config(Map.of("alpha", -0.1, "rounds", -3))).size());
    }

    private static void assertProblem(Map<String, Object> values, String expectedStart) {
        List<String> problems = ConfigCheck.problems(config(values));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(expectedStart), "'" + problems.get(0) + "' starts with '"
                + expectedStart + "'");
    }

    /** A configuration with the documented defaults, some replaced. */
    static FedBlendConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.ofEntries(
                Map.entry("alpha", 0.5), Map.entry("rounds", 5), Map.entry("minClients", 1),
                Map.entry("model", "cnn"), Map.entry("serverShard", "0:10000"), Map.entry("localEpochs", 1),
                Map.entry("batchSize", 32), Map.entry("learningRate", 0.001f), Map.entry("seed", 42L),
                Map.entry("modelsDir", Path.of("models")), Map.entry("dataDir", Optional.empty()),
                Map.entry("createBaseline", Optional.empty()), Map.entry("threads", 0),
                Map.entry("roundTimeout", Duration.ofMinutes(30)), Map.entry("onRoundTimeout", "wait"),
                Map.entry("sessionLease", Duration.ofMinutes(2)), Map.entry("tokens", Optional.empty())));
        values.putAll(overrides);
        return (FedBlendConfig) Proxy.newProxyInstance(FedBlendConfig.class.getClassLoader(),
                new Class<?>[] {FedBlendConfig.class}, (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new AssertionError("no test value for " + method.getName());
                    }
                    return values.get(method.getName());
                });
    }
}
