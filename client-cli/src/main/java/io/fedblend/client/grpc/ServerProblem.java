package io.fedblend.client.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import java.util.Locale;

/** Turns a failed call into one sentence a person can act on: what went wrong and what to check. */
public final class ServerProblem {

    private ServerProblem() {
    }

    /**
     * True when retrying cannot help: the client refuses the server's certificate, or a TLS client got plaintext
     * back. A closed connection is not among them: a proxy in front of a server that is still starting does that.
     */
    public static boolean isTlsSetupFault(StatusRuntimeException e) {
        Throwable cause = tlsCause(e);
        if (cause == null) {
            return false;
        }
        String message = String.valueOf(cause.getMessage());
        return hasCause(e, CertificateException.class) || message.contains("PKIX")
                || message.contains("not an SSL/TLS record");
    }

    public static String unreachable(ServerAddress address, boolean tls, Duration waited, StatusRuntimeException e) {
        String tlsHint = tlsHint(address, tls, e);
        if (tlsHint != null) {
            return tlsHint;
        }
        return "cannot reach the FedBlend server at " + address + " (" + (tls ? "TLS" : "plaintext") + ", tried for "
                + seconds(waited) + ": " + reason(e) + "). Check that the server is started, that host and port are "
                + "right, that no firewall blocks port " + address.port() + ", and that client and server agree on "
                + "TLS (--tls) or plaintext.";
    }

    /** A refusal or fault during a call, with the hint that fits its status. */
    public static String explain(String call, ServerAddress address, boolean tls, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String what = call + " at " + address + " failed: " + reason(e);
        return switch (code) {
            case UNAUTHENTICATED -> what + ". The server refused this client's credentials: pass the right token "
                    + "with --token or FEDBLEND_TOKEN.";
            case PERMISSION_DENIED -> what + ". The server does not let this client do that.";
            case RESOURCE_EXHAUSTED -> what + ". A message was larger than a limit: this client accepts up to "
                    + ServerChannel.MAX_MESSAGE_BYTES / (1024 * 1024) + " MiB; raise the server's "
                    + "quarkus.grpc.server.max-inbound-message-size if it refused our update.";
            case UNIMPLEMENTED -> what + ". Something at that address answers gRPC but is not a FedBlend server "
                    + "(or is an incompatible version).";
            case UNAVAILABLE, DEADLINE_EXCEEDED -> {
                String tlsHint = tlsHint(address, tls, e);
                yield tlsHint != null ? tlsHint : what + ". The server went away or did not answer in time.";
            }
            default -> what + ".";
        };
    }

    /** The server's own description, else the transport's reason, else the status code. */
    static String reason(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription();
        Throwable cause = status.getCause();
        if (cause != null && cause.getMessage() != null
                && (description == null || description.equals("io exception"))) {
            description = cause.getMessage();
        }
        if (description == null || description.isBlank()) {
            return status.getCode().toString();
        }
        return status.getCode() + ": " + description;
    }

    private static String tlsHint(ServerAddress address, boolean tls, StatusRuntimeException e) {
        Throwable tlsCause = tlsCause(e);
        if (tls && tlsCause != null) {
            String message = String.valueOf(tlsCause.getMessage());
            if (message.contains("not an SSL/TLS record") || message.contains("Unsupported or unrecognized SSL")) {
                return "the server at " + address + " does not speak TLS (its answer is not an SSL/TLS record): "
                        + "connect without --tls "
                        + "and --ca-cert, or enable TLS on the server.";
            }
            if (hasCause(e, CertificateException.class) && message.contains("match")) {
                return "the TLS certificate of the server at " + address + " does not match the host name '"
                        + address.host() + "' (" + message + "): connect with a host name the certificate names.";
            }
            if (message.contains("PKIX") || message.contains("unable to find valid certification path")) {
                return "the TLS certificate of the server at " + address + " is not trusted (" + message
                        + "): pass the certificate of its issuer with --ca-cert FILE.";
            }
            return "the TLS handshake with the server at " + address + " failed (" + message + "); check that the "
                    + "server uses TLS and that --ca-cert names its issuer.";
        }
        if (!tls && plaintextToTls(e)) {
            return "the server at " + address + " closed a plaintext connection during the handshake ("
                    + reason(e) + "): it probably expects TLS; connect with --tls (and --ca-cert FILE).";
        }
        return null;
    }

    private static boolean plaintextToTls(StatusRuntimeException e) {
        String description = String.valueOf(e.getStatus().getDescription());
        return e.getStatus().getCode() == Status.Code.UNAVAILABLE
                && (description.contains("Network closed for unknown reason")
                        || description.contains("First received frame was not SETTINGS"));
    }

    private static Throwable tlsCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException
                    || t.getClass().getName().equals("io.netty.handler.ssl.NotSslRecordException")) {
                return t;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0) : d.toSeconds() + "s";
    }
}
