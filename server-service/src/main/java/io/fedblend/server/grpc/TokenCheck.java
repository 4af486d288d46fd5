package io.fedblend.server.grpc;

import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.server.persistence.Participation;
import io.fedblend.server.round.ParticipationLog;
import io.fedblend.shared.proto.FederatedLearningGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * When tokens are configured, every FederatedLearning call must carry metadata
 * {@code authorization: Bearer <token>} with one of them; others end with UNAUTHENTICATED. Tokens never appear
 * in logs or in the history, only that one was missing or not accepted.
 */
@ApplicationScoped
@GlobalInterceptor
public class TokenCheck implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(TokenCheck.class);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    FedBlendConfig config;

    @Inject
    ParticipationLog participations;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Set<String> tokens = config.tokens().orElse(Set.of());
        if (tokens.isEmpty() || !FederatedLearningGrpc.SERVICE_NAME.equals(
                call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String problem = problem(headers.get(AUTHORIZATION), tokens);
        if (problem == null) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getBareMethodName();
        LOG.warnf("Refused %s: %s", method, problem);
        // Recording touches the database, which must not happen on the I/O thread that runs interceptors.
        Infrastructure.getDefaultWorkerPool().execute(() -> participations.refused(
                ParticipationLog.of(Participation.Kind.AUTH, null, null, null, null), "UNAUTHENTICATED",
                method + ": " + problem));
        call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static String problem(String authorization, Set<String> tokens) {
        if (authorization == null || authorization.isBlank()) {
            return "no token: send metadata 'authorization: Bearer <token>' (client option --token)";
        }
        List<String> parts = List.of(authorization.trim().split("\\s+", 2));
        if (parts.size() != 2 || !parts.get(0).equalsIgnoreCase("Bearer")) {
            return "the authorization metadata must read 'Bearer <token>'";
        }
        byte[] presented = parts.get(1).getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (String token : tokens) {
            // Compare every configured token in constant time so timing does not tell how close a guess was.
            known |= MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
        }
        return known ? null : "the token is not one this server accepts";
    }
}
