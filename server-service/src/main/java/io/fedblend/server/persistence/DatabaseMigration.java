package io.fedblend.server.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway at start. Run here rather than by Quarkus so that an unreachable
 * database ends in one paragraph saying what to do instead of a long stack trace.
 */
@ApplicationScoped
public class DatabaseMigration {

    /** The database cannot be used; the message says why and what to do. */
    public static final class DatabaseUnavailable extends Exception {
        public DatabaseUnavailable(String message) {
            super(message);
        }
    }

    @Inject
    Flyway flyway;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "")
    String username;

    public void migrate() throws DatabaseUnavailable {
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            throw new DatabaseUnavailable(explain(e));
        }
    }

    private String explain(RuntimeException e) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String cause = deepestMessage(e);
        if (state.startsWith("08") || find(e, ConnectException.class) != null
                || find(e, UnknownHostException.class) != null) {
            return "Cannot reach PostgreSQL at " + jdbcUrl + " (" + cause + "). Start PostgreSQL (locally: "
                    + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or point the server "
                    + "at a running one with QUARKUS_DATASOURCE_JDBC_URL (and QUARKUS_DATASOURCE_USERNAME / "
                    + "QUARKUS_DATASOURCE_PASSWORD), then start the server again.";
        }
        if (state.equals("3D000")) {
            return "PostgreSQL at " + jdbcUrl + " has no such database (" + cause + "). Create it, e.g. "
                    + "createdb -h <host> -U " + username + " <name>, or set QUARKUS_DATASOURCE_JDBC_URL to an existing "
                    + "database, then start the server again.";
        }
        if (state.startsWith("28")) {
            return "PostgreSQL at " + jdbcUrl + " refused the login of user '" + username + "' (" + cause + "). Set "
                    + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD, then start the server again.";
        }
        return "Could not bring the database schema at " + jdbcUrl + " up to date: " + cause;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String deepestMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}
