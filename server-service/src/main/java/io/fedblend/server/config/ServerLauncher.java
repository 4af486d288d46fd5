package io.fedblend.server.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/** Entry point: turns the seed-style flags into configuration, then starts Quarkus. */
@QuarkusMain
public class ServerLauncher {

    public static void main(String... args) {
        LaunchFlags.Parsed parsed;
        try {
            parsed = LaunchFlags.parse(Arrays.asList(args));
        } catch (LaunchFlags.UsageException e) {
            System.err.println("fedblend-server: " + e.getMessage());
            System.err.println();
            System.err.print(LaunchFlags.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.help()) {
            System.out.print(LaunchFlags.USAGE);
            return;
        }
        parsed.properties().forEach(System::setProperty);
        Quarkus.run();
    }
}
