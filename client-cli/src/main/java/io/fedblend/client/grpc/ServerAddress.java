package io.fedblend.client.grpc;

/** Where the server listens, as given by {@code --server-address host:port}. */
public record ServerAddress(String host, int port) {

    public static final int DEFAULT_PORT = 8080;

    /** Parses {@code host:port}, {@code [v6]:port} or a bare host (port 8080). */
    public static ServerAddress parse(String text) {
        String t = text.trim();
        int schemeEnd = t.indexOf("://");
        if (schemeEnd >= 0) {
            t = t.substring(schemeEnd + 3);
        }
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        String host = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server address '" + text + "' has an unclosed '['");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("server address '" + text + "' must look like HOST:PORT");
                }
                port = t.substring(close + 2);
            }
        } else if (t.indexOf(':') >= 0) {
            if (t.indexOf(':') != t.lastIndexOf(':')) {
                throw new IllegalArgumentException("server address '" + text
                        + "' must look like HOST:PORT (write IPv6 hosts as [addr]:port)");
            }
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("server address '" + text + "' has no host; write HOST:PORT");
        }
        if (port == null) {
            return new ServerAddress(host, DEFAULT_PORT);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return new ServerAddress(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server address '" + text + "' has port '" + port
                    + "'; a port is a number from 1 to 65535");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
