package io.fedblend.server;

import io.fedblend.server.config.ConfigCheck;
import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.server.persistence.DatabaseMigration;
import io.fedblend.server.round.RoundCoordinator;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Start order: configuration checked, schema migrated, then the coordinator resumes or starts a run (the slow
 * part, baseline training, goes on in the background while gRPC already answers WAIT).
 */
@ApplicationScoped
public class ServerStartup {

    private static final Logger LOG = Logger.getLogger(ServerStartup.class);

    @Inject
    FedBlendConfig config;

    @Inject
    DatabaseMigration migration;

    @Inject
    RoundCoordinator coordinator;

    void onStart(@Observes StartupEvent event) {
        List<String> problems = ConfigCheck.problems(config);
        if (!problems.isEmpty()) {
            refuseToStart("The server cannot start with this configuration:\n  " + String.join("\n  ", problems));
            return;
        }
        try {
            migration.migrate();
        } catch (DatabaseMigration.DatabaseUnavailable e) {
            refuseToStart(e.getMessage());
            return;
        }
        coordinator.start();
    }

    private static void refuseToStart(String message) {
        exitOnFailure(message);
        if (LaunchMode.current() == LaunchMode.TEST) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Logs one clear message and ends the process with exit code 1. Tests keep their application running so
     * they can look at the failure.
     */
    public static void exitOnFailure(String message) {
        LOG.error(message);
        if (LaunchMode.current() != LaunchMode.TEST) {
            Quarkus.asyncExit(1);
        }
    }
}
