package io.fedblend.server.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection given as one URL, the way hosting platforms hand it out
 * ({@code postgres://user:password@host:port/database?sslmode=require}), turned into what the
 * Quarkus datasource wants: a JDBC URL plus a separate user name and password.
 *
 * <p>Parsed by hand rather than with {@link java.net.URI}: {@code URI} gives no host for names with an
 * underscore (common for compose services) and rejects passwords that were not percent-encoded.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> username, Optional<String> password) {

    static final String VARIABLE = "DATABASE_URL";
    static final int DEFAULT_PORT = 5432;

    private static final String EXPECTED_FORM =
            "postgres://user:password@host:port/database (or postgresql://…; ?sslmode=… optional;"
            + " special characters in the user name or password percent-encoded)";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

    /**
     * Parses the value of {@code DATABASE_URL}. An existing JDBC URL ({@code jdbc:postgresql:…}) is taken as it
     * is, so the variable can also hold one.
     *
     * @throws IllegalArgumentException naming {@code DATABASE_URL}, what is wrong, and the value with its
     *                                  password masked
     */
    public static DatabaseUrl parse(String value) {
        String url = value.strip();
        if (url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            return new DatabaseUrl(url, Optional.empty(), Optional.empty());
        }
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw invalid(value, "it does not start with postgres:// or postgresql://");
        }
        String rest = url.substring(schemeEnd + 3);
        if (rest.indexOf('#') >= 0) {
            throw invalid(value, "it has a '#' fragment (percent-encode a '#' in the password as %23)");
        }

        String query = "";
        int queryStart = rest.indexOf('?');
        if (queryStart >= 0) {
            query = rest.substring(queryStart + 1);
            rest = rest.substring(0, queryStart);
        }
        // The last '@' ends the credentials, so an unencoded '@' in a password still parses.
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String hostPortPath = rest.substring(at + 1);

        int slash = hostPortPath.indexOf('/');
        if (slash < 0 || slash == hostPortPath.length() - 1) {
            throw invalid(value, "the database name is missing (add /<database> after the host)");
        }
        String database = hostPortPath.substring(slash + 1);
        if (database.indexOf('/') >= 0) {
            throw invalid(value, "the database name '" + database + "' contains '/'");
        }
        String hostPort = hostPortPath.substring(0, slash);

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            if (close >= 0 && close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw invalid(value, "unexpected text after the IPv6 address " + host);
                }
                portText = hostPort.substring(close + 2);
            }
            if (!IPV6_LITERAL.matcher(host).matches()) {
                throw invalid(value, "the host '" + host + "' is not a valid bracketed IPv6 address");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
            if (host.isEmpty()) {
                throw invalid(value, "the host is missing");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw invalid(value, "the host '" + host + "' is not a valid host name"
                        + " (one host only; letters, digits, '.', '-', '_')");
            }
        }
        int port = portText == null ? DEFAULT_PORT : port(value, portText);

        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(value, colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            if (user.isEmpty()) {
                throw invalid(value, "the user name before '@' is empty");
            }
            username = Optional.of(user);
            if (colon >= 0) {
                String secret = decode(value, userInfo.substring(colon + 1), "password");
                password = secret.isEmpty() ? Optional.empty() : Optional.of(secret);
            }
        }

        String jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + database
                + (query.isEmpty() ? "" : "?" + query);
        return new DatabaseUrl(jdbcUrl, username, password);
    }

    private static int port(String value, String text) {
        if (!DIGITS.matcher(text).matches()) {
            throw invalid(value, "the port '" + text + "' is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid(value, "the port " + port + " is outside 1-65535");
        }
        return port;
    }

    /** Percent-decoding as in URLs; unlike form decoding, '+' stays a plus sign. */
    private static String decode(String value, String encoded, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
            int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw invalid(value, "the " + what + " has a '%' that is not followed by two hex digits"
                        + " (write a literal '%' as %25)");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(value, "the " + what + "'s percent-escapes are not valid UTF-8");
        }
    }

    private static IllegalArgumentException invalid(String value, String reason) {
        return new IllegalArgumentException(VARIABLE + " is not a usable PostgreSQL URL: " + reason
                + ". Expected " + EXPECTED_FORM + "; got '" + masked(value) + "'");
    }

    /** The value as it may appear in a log: whatever stands between the user name and the last '@' is hidden. */
    static String masked(String value) {
        int schemeEnd = value.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int at = value.lastIndexOf('@');
        if (at < start) {
            return value;
        }
        int colon = value.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return value;
        }
        return value.substring(0, colon + 1) + "****" + value.substring(at);
    }
}
