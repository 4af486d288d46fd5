package io.fedblend.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Lets the server run unchanged where a hosting platform describes the environment in its own variables:
 * {@code DATABASE_URL} ({@code postgres://user:password@host:port/database}) becomes the Quarkus datasource's
 * JDBC URL, user name and password, and {@code PORT} becomes {@code quarkus.http.port} (which also carries
 * gRPC, since the gRPC server shares the HTTP port).
 *
 * <p>Ordinal {@value #ORDINAL}: above {@code application.properties} (250, or 260 in a {@code config/}
 * directory) so the platform's database and port replace the packaged defaults; below a {@code .env} file (295),
 * environment variables (300) and system properties (400) so an explicit {@code QUARKUS_DATASOURCE_JDBC_URL},
 * {@code QUARKUS_HTTP_PORT} or {@code -Dquarkus.http.port} always wins. Precedence is per property: setting only
 * {@code QUARKUS_DATASOURCE_PASSWORD} keeps the URL and user name from {@code DATABASE_URL}. Note that a
 * profile-specific entry ({@code %prod.quarkus.datasource.jdbc.url}) in {@code application.properties} does not
 * beat this source: SmallRye Config lets the higher ordinal win between a profiled and an unprofiled name.
 *
 * <p>Created by {@link PlatformEnvConfigSourceFactory}. A malformed value stops the start with a message naming
 * the variable rather than connecting somewhere unexpected.
 */
public class PlatformEnvConfigSource implements ConfigSource {

    static final int ORDINAL = 275;
    static final String PORT_VARIABLE = "PORT";

    private final Map<String, String> properties;

    /** Maps {@code DATABASE_URL} and {@code PORT} from the given variables; other entries are ignored. */
    public PlatformEnvConfigSource(Map<String, String> environment) {
        Map<String, String> mapped = new LinkedHashMap<>();
        String databaseUrl = environment.get(DatabaseUrl.VARIABLE);
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl);
            mapped.put("quarkus.datasource.jdbc.url", parsed.jdbcUrl());
            parsed.username().ifPresent(user -> mapped.put("quarkus.datasource.username", user));
            parsed.password().ifPresent(secret -> mapped.put("quarkus.datasource.password", secret));
        }
        String port = environment.get(PORT_VARIABLE);
        if (port != null && !port.isBlank()) {
            mapped.put("quarkus.http.port", Integer.toString(httpPort(port.strip())));
        }
        this.properties = Collections.unmodifiableMap(mapped);
    }

    private static int httpPort(String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_VARIABLE + " must be a TCP port number (1-65535), got '"
                    + value + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(PORT_VARIABLE + " must be a TCP port number (1-65535), got "
                    + port);
        }
        return port;
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "PlatformEnvConfigSource[DATABASE_URL, PORT]";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
