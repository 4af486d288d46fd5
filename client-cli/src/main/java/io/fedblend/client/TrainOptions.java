package io.fedblend.client;

import io.fedblend.client.grpc.ServerAddress;
import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.ModelSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** The options of {@code train}, shared with the top command so that training is the default. */
public class TrainOptions {

    @Option(names = "--server-address", paramLabel = "HOST:PORT", defaultValue = "localhost:8080",
            converter = ServerAddressConverter.class,
            description = "The FedBlend server's gRPC address (default: ${DEFAULT-VALUE}).")
    public ServerAddress serverAddress;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the MNIST IDX files are (default: $FEDBLEND_DATA_DIR, else ~/.cache/fedblend/mnist).")
    public Path dataDir;

    @Option(names = "--shard", paramLabel = "FROM:TO", defaultValue = "30000:60000", converter = ShardConverter.class,
            description = "This client's private slice [FROM, TO) of the MNIST training set "
                    + "(default: ${DEFAULT-VALUE}).")
    public Shard shard;

    @Option(names = "--model", paramLabel = "NAME", converter = ModelConverter.class,
            description = "The architecture to train, cnn or mlp; it must be the server's (default: the one the "
                    + "server accepts).")
    public ModelSpec model;

    @Option(names = "--client-id", paramLabel = "NAME",
            description = "How the server names this client (default: hostname-pid).")
    public String clientId;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FEDBLEND_TOKEN}",
            showDefaultValue = Visibility.NEVER,
            description = "Bearer token the server expects (default: $FEDBLEND_TOKEN).")
    public String token;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "TensorFlow threads for training; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE}).")
    public int threads;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long to keep retrying while the server cannot be reached, e.g. 30s, 2m "
                    + "(default: ${DEFAULT-VALUE}).")
    public Duration connectTimeout;

    @Option(names = "--tls", description = "Connect with TLS instead of plaintext.")
    public boolean tls;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM certificate(s) to trust for the server's TLS certificate (implies --tls).")
    public Path caCert;

    public String clientIdOrDefault() {
        if (clientId != null && !clientId.isBlank()) {
            return clientId;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "client";
        }
        // the pid keeps two clients on one machine apart
        return host + "-" + ProcessHandle.current().pid();
    }

    public boolean useTls() {
        return tls || caCert != null;
    }
}
