package io.fedblend.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed-style command-line flags the server accepts as aliases for configuration keys. They become system
 * properties, which outrank application.properties and environment variables.
 */
public final class LaunchFlags {

    public static final String USAGE = """
            Usage: fedblend-server [--num-rounds N] [--alpha A] [--min-clients N] [--model cnn|mlp]
                                   [--create-baseline[=true|false]] [--server-address HOST:PORT] [--help]

            Starts the FedBlend server: trains (or reuses) a baseline, then runs blending rounds over gRPC
            and records them in PostgreSQL. Each flag is an alias for a configuration key; every key can also be
            set through its environment variable (e.g. FEDBLEND_ALPHA, QUARKUS_DATASOURCE_JDBC_URL).

              --num-rounds N              fedblend.rounds           blending rounds after the baseline (default 5)
              --alpha A                   fedblend.alpha            weight of the clients' average, 0..1 (default 0.5)
              --min-clients N             fedblend.min-clients      updates needed to blend a round (default 1)
              --model NAME                fedblend.model            cnn or mlp (default cnn)
              --create-baseline[=BOOL]    fedblend.create-baseline  train a new baseline (default: only when none exists)
              --server-address HOST:PORT  quarkus.http.host/port    gRPC and REST listen address (default 0.0.0.0:8080)
              --help                      show this help and exit
            """;

    private static final Map<String, String> VALUE_FLAGS = Map.of(
            "--num-rounds", "fedblend.rounds",
            "--alpha", "fedblend.alpha",
            "--min-clients", "fedblend.min-clients",
            "--model", "fedblend.model");

    /** What the command line asked for: properties to set, or help. */
    public record Parsed(Map<String, String> properties, boolean help) {
    }

    /** Thrown for a flag the server does not know or a value it cannot read. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private LaunchFlags() {
    }

    public static Parsed parse(List<String> args) throws UsageException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (flag.equals("--help") || flag.equals("-h")) {
                return new Parsed(Map.of(), true);
            } else if (flag.equals("--create-baseline")) {
                properties.put("fedblend.create-baseline", bool(flag, inline == null ? "true" : inline));
            } else if (VALUE_FLAGS.containsKey(flag) || flag.equals("--server-address")) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(flag + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (flag.equals("--server-address")) {
                    serverAddress(value, properties);
                } else {
                    properties.put(VALUE_FLAGS.get(flag), checkedValue(flag, value));
                }
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new Parsed(properties, false);
    }

    private static String bool(String flag, String value) throws UsageException {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new UsageException(flag + " takes true or false, got '" + value + "'");
        }
        return value.toLowerCase();
    }

    private static String checkedValue(String flag, String value) throws UsageException {
        if (flag.equals("--model")) {
            return value;
        }
        try {
            if (flag.equals("--alpha")) {
                Double.parseDouble(value);
            } else {
                Integer.parseInt(value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a number, got '" + value + "'");
        }
    }

    private static void serverAddress(String value, Map<String, String> properties) throws UsageException {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--server-address takes HOST:PORT, got '" + value + "'");
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        String port = value.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--server-address: '" + port + "' is not a port number");
        }
        properties.put("quarkus.http.host", host.isEmpty() ? "0.0.0.0" : host);
        properties.put("quarkus.http.port", port);
    }
}
