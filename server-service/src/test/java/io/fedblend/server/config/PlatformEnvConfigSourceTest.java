package io.fedblend.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class PlatformEnvConfigSourceTest {

    private static final String PLATFORM_URL = "postgres://fed:p%40ss@db.internal:6543/fedblend?sslmode=require";

    /** The packaged defaults, as server-service's application.properties has them. */
    private static final Map<String, String> APPLICATION_PROPERTIES = Map.of(
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/fedblend",
            "quarkus.datasource.username", "postgres",
            "%test.quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/fedblend_test");

    @Test
    void mapsDatabaseUrlOntoDatasourceProperties() {
        PlatformEnvConfigSource source = new PlatformEnvConfigSource(Map.of("DATABASE_URL", PLATFORM_URL));

        assertEquals(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal:6543/fedblend?sslmode=require",
                "quarkus.datasource.username", "fed",
                "quarkus.datasource.password", "p@ss"), source.getProperties());
    }

    @Test
    void mapsPortOntoHttpPort() {
        PlatformEnvConfigSource source = new PlatformEnvConfigSource(Map.of("PORT", " 3000 "));

        assertEquals(Map.of("quarkus.http.port", "3000"), source.getProperties());
    }

    @Test
    void contributesNothingWithoutPlatformVariables() {
        assertTrue(new PlatformEnvConfigSource(Map.of("HOME", "/root", "DATABASE_URL", "")).getProperties().isEmpty());
    }

    @Test
    void rejectsNonNumericPortNamingTheVariable() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> new PlatformEnvConfigSource(Map.of("PORT", "http"))).getMessage();

        assertEquals("PORT must be a TCP port number (1-65535), got 'http'", message);
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new PlatformEnvConfigSource(Map.of("PORT", "65536")));
    }

    @Test
    void rejectsMalformedDatabaseUrlNamingTheVariable() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> new PlatformEnvConfigSource(Map.of("DATABASE_URL", "postgres://u:p@db:x/fedblend")))
                .getMessage();

        assertTrue(message.startsWith("DATABASE_URL "), message);
    }

    @Test
    void databaseUrlAndPortReplaceApplicationProperties() {
        SmallRyeConfig config = config(Map.of("DATABASE_URL", PLATFORM_URL, "PORT", "3000"), null);

        assertEquals("jdbc:postgresql://db.internal:6543/fedblend?sslmode=require",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("fed", config.getValue("quarkus.datasource.username", String.class));
        assertEquals("p@ss", config.getValue("quarkus.datasource.password", String.class));
        assertEquals(3000, config.getValue("quarkus.http.port", Integer.class));
    }

    @Test
    void explicitQuarkusEnvironmentVariablesWinOverPlatformVariables() {
        SmallRyeConfig config = config(Map.of(
                "DATABASE_URL", PLATFORM_URL,
                "PORT", "3000",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://override:5432/other",
                "QUARKUS_HTTP_PORT", "9090"), null);

        assertEquals("jdbc:postgresql://override:5432/other",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals(9090, config.getValue("quarkus.http.port", Integer.class));
        // Precedence is per property: what was not overridden still comes from DATABASE_URL.
        assertEquals("fed", config.getValue("quarkus.datasource.username", String.class));
        assertEquals("p@ss", config.getValue("quarkus.datasource.password", String.class));
    }

    @Test
    void applicationPropertiesApplyWithoutPlatformVariables() {
        SmallRyeConfig config = config(Map.of(), null);

        assertEquals("jdbc:postgresql://127.0.0.1:5432/fedblend",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("postgres", config.getValue("quarkus.datasource.username", String.class));
    }

    @Test
    void testProfileIgnoresDatabaseUrlAndKeepsItsOwnDatabase() {
        SmallRyeConfig config = config(Map.of("DATABASE_URL", PLATFORM_URL, "PORT", "3000"), "test");

        assertEquals("jdbc:postgresql://127.0.0.1:5432/fedblend_test",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals("postgres", config.getValue("quarkus.datasource.username", String.class));
        assertTrue(config.getOptionalValue("quarkus.http.port", Integer.class).isEmpty());
    }

    @Test
    void otherProfilesHonourDatabaseUrl() {
        SmallRyeConfig config = config(Map.of("DATABASE_URL", PLATFORM_URL), "dev");

        assertEquals("jdbc:postgresql://db.internal:6543/fedblend?sslmode=require",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
    }

    @Test
    void malformedDatabaseUrlStopsConfigurationNamingTheVariable() {
        Exception failure = assertThrows(Exception.class,
                () -> config(Map.of("DATABASE_URL", "postgres://u:p@db:x/fedblend"), null));

        assertTrue(causeMessages(failure).contains("DATABASE_URL is not a usable PostgreSQL URL"),
                causeMessages(failure));
    }

    @Test
    void factoryIsRegisteredWithTheServiceLoader() {
        assertTrue(ServiceLoader.load(ConfigSourceFactory.class).stream()
                .anyMatch(provider -> provider.type() == PlatformEnvConfigSourceFactory.class));
    }

    /**
     * A configuration stacked as Quarkus stacks it: application.properties (250), the platform mapping (275) and
     * the environment (300).
     */
    private static SmallRyeConfig config(Map<String, String> environment, String profile) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(APPLICATION_PROPERTIES, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withSources(new PlatformEnvConfigSourceFactory());
        if (profile != null) {
            builder.withProfile(profile);
        }
        return builder.build();
    }

    private static String causeMessages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
