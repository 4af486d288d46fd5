package io.fedblend.client;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL database of the tests' own on the local server (127.0.0.1:5432, or FEDBLEND_TEST_PG_HOST/PORT). */
final class TestDatabase {

    private static final String HOST = System.getenv().getOrDefault("FEDBLEND_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("FEDBLEND_TEST_PG_PORT", "5432");
    private static final String USER = "postgres";

    private TestDatabase() {
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    /** Drops and creates the database so each run starts from an empty history. */
    static void recreate(String database) {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("drop database if exists " + database + " with (force)");
            st.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("The end-to-end test needs PostgreSQL at " + HOST + ":" + PORT
                    + " (user " + USER + ", trust auth) and could not use it: " + e.getMessage()
                    + "\nStart it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)"
                    + " or point FEDBLEND_TEST_PG_HOST / FEDBLEND_TEST_PG_PORT at one.", e);
        }
    }

    /** The rounds recorded for the latest run, in order; 0 is the baseline. */
    static List<Integer> recordedRounds(String database) throws SQLException {
        try (Connection db = connect(database); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select round from round_result"
                     + " where run_id = (select max(id) from training_run) order by round")) {
            List<Integer> rounds = new ArrayList<>();
            while (rs.next()) {
                rounds.add(rs.getInt(1));
            }
            return rounds;
        }
    }

    /** How many updates of the given client the server accepted, over all runs in the database. */
    static int acceptedUpdatesFrom(String database, String clientId) throws SQLException {
        try (Connection db = connect(database);
             var st = db.prepareStatement("select count(*) from participation p join client c on c.id = p.client_id"
                     + " where p.kind = 'UPDATE' and p.accepted and c.client_id = ?")) {
            st.setString(1, clientId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
