package io.fedblend.server;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives each test application a real, empty PostgreSQL database {@code fedblend_test} (created when missing,
 * never the app's own {@code fedblend}) and an empty models directory, so no test sees another's leftovers.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String URL = SERVER + "fedblend_test";
    public static final String USER = "postgres";
    public static final Path MODELS_DIR = Path.of("target/test-models");

    @Override
    public Map<String, String> start() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            try (Statement st = admin.createStatement();
                 var rs = st.executeQuery("select 1 from pg_database where datname = 'fedblend_test'")) {
                if (!rs.next()) {
                    st.execute("create database fedblend_test");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The server tests need PostgreSQL at 127.0.0.1:5432 (user postgres) and"
                    + " could not reach it: " + e.getMessage() + ". Start it with: pg_ctlcluster"
                    + " --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
        }
        try (Connection db = DriverManager.getConnection(URL, USER, "");
             Statement st = db.createStatement()) {
            st.execute("drop schema public cascade");
            st.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not empty the test database " + URL + ": " + e.getMessage(), e);
        }
        deleteModels();
        return Map.of();
    }

    static void deleteModels() {
        if (!Files.exists(MODELS_DIR)) {
            return;
        }
        try (Stream<Path> files = Files.walk(MODELS_DIR)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not empty " + MODELS_DIR + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
    }
}
