package io.fedblend.client.grpc;

import io.fedblend.client.CommandFailure;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the gRPC channel to the server: plaintext or TLS, a bearer token if given, room for large models. */
public final class ServerChannel {

    /** Fits a model of 64 MB of weights plus framing; the server is configured with the same default. */
    public static final int MAX_MESSAGE_BYTES = 80 * 1024 * 1024;

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private ServerChannel() {
    }

    public static ManagedChannel open(ServerAddress address, boolean tls, Path caCert, String token) {
        NettyChannelBuilder builder = NettyChannelBuilder
                .forAddress(address.host(), address.port(), credentials(tls, caCert))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .userAgent("fedblend-client");
        if (token != null && !token.isBlank()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token.trim());
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    private static ChannelCredentials credentials(boolean tls, Path caCert) {
        if (!tls && caCert == null) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tlsCredentials = TlsChannelCredentials.newBuilder();
        if (caCert != null) {
            if (!Files.isReadable(caCert)) {
                throw new CommandFailure("--ca-cert " + caCert + ": no readable file there");
            }
            try {
                tlsCredentials.trustManager(caCert.toFile());
            } catch (IOException e) {
                throw new CommandFailure("--ca-cert " + caCert + " is not a PEM certificate file: " + e.getMessage(),
                        e);
            }
        }
        return tlsCredentials.build();
    }
}
