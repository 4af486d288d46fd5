package io.fedblend.server.config;

import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks configured values that a type alone cannot: each problem names its key and environment variable. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /** One line per problem; empty when the configuration can start a server. */
    public static List<String> problems(FedBlendConfig config) {
        List<String> problems = new ArrayList<>();
        if (!(config.alpha() >= 0 && config.alpha() <= 1)) {
            problems.add(key("alpha") + " is " + config.alpha() + "; it must be between 0 and 1");
        }
        if (config.rounds() < 1) {
            problems.add(key("rounds") + " is " + config.rounds() + "; it must be at least 1");
        }
        if (config.minClients() < 1) {
            problems.add(key("min-clients") + " is " + config.minClients() + "; it must be at least 1");
        }
        try {
            ModelSpec.byName(config.model());
        } catch (IllegalArgumentException e) {
            problems.add(key("model") + ": " + e.getMessage());
        }
        try {
            Shard.parse(config.serverShard());
        } catch (IllegalArgumentException e) {
            problems.add(key("server-shard") + ": " + e.getMessage());
        }
        try {
            trainingConfig(config);
        } catch (IllegalArgumentException e) {
            problems.add(key("local-epochs / batch-size / learning-rate") + ": " + e.getMessage());
        }
        if (config.threads() < 0) {
            problems.add(key("threads") + " is " + config.threads() + "; use 0 for TensorFlow's default");
        }
        if (config.roundTimeout().isNegative() || config.roundTimeout().isZero()) {
            problems.add(key("round-timeout") + " is " + config.roundTimeout() + "; it must be positive");
        }
        if (config.sessionLease().isNegative() || config.sessionLease().isZero()) {
            problems.add(key("session-lease") + " is " + config.sessionLease() + "; it must be positive");
        }
        if (!List.of("wait", "stop").contains(config.onRoundTimeout().toLowerCase(Locale.ROOT))) {
            problems.add(key("on-round-timeout") + " is '" + config.onRoundTimeout() + "'; use wait or stop");
        }
        config.tokens().ifPresent(tokens -> {
            if (tokens.stream().anyMatch(String::isBlank)) {
                problems.add(key("tokens") + " holds an empty token");
            }
        });
        return problems;
    }

    /** The settings a new run starts with; call only after {@link #problems} came back empty. */
    public static RunSettings newRunSettings(FedBlendConfig config) {
        return new RunSettings(ModelSpec.byName(config.model()), config.alpha(), config.rounds(),
                Shard.parse(config.serverShard()), trainingConfig(config));
    }

    public static boolean stopsOnRoundTimeout(FedBlendConfig config) {
        return config.onRoundTimeout().equalsIgnoreCase("stop");
    }

    private static TrainingConfig trainingConfig(FedBlendConfig config) {
        return new TrainingConfig(config.localEpochs(), config.batchSize(), config.learningRate(), config.seed());
    }

    /** {@code fedblend.alpha (FEDBLEND_ALPHA)}. */
    public static String key(String name) {
        if (name.contains("/")) {
            return "fedblend." + name.replace(" / ", " / fedblend.");
        }
        return "fedblend." + name + " (" + ("FEDBLEND_" + name).replace('-', '_').toUpperCase(Locale.ROOT) + ")";
    }
}
