package io.fedblend.server.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Adds {@link PlatformEnvConfigSource} to the configuration, except in the {@code test} profile: SmallRye Config
 * lets a higher-ordinal unprofiled value beat a {@code %test.} entry of {@code application.properties}, so a
 * {@code DATABASE_URL} left in a developer's shell would otherwise point the test suite at that database.
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}. The variables are read through
 * the configuration itself, so they may come from the environment or from a {@code .env} file.
 */
public class PlatformEnvConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (context.getProfiles().contains("test")) {
            return List.of();
        }
        Map<String, String> variables = new HashMap<>();
        for (String name : List.of(DatabaseUrl.VARIABLE, PlatformEnvConfigSource.PORT_VARIABLE)) {
            ConfigValue value = context.getValue(name);
            if (value != null && value.getValue() != null) {
                variables.put(name, value.getValue());
            }
        }
        return List.of(new PlatformEnvConfigSource(variables));
    }
}
