package io.fedblend.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the packaged server ends when it cannot or should not start: exit code and one clear message. */
class ServerStartIT {

    @Test
    void unreachableDatabaseEndsWithOneParagraphNamingTheUrlAndExitCode1() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/fedblend";
        try (ServerProcess server = ServerProcess.start(Map.of("QUARKUS_DATASOURCE_JDBC_URL", url),
                "--server-address", "127.0.0.1:0")) {
            assertEquals(1, server.exitCode(120));
            String output = server.output();
            assertTrue(output.contains("Cannot reach PostgreSQL at " + url), output);
            assertTrue(output.contains("QUARKUS_DATASOURCE_JDBC_URL"), output);
            assertFalse(output.contains("\tat org."), "no stack trace:\n" + output);
        }
    }

    @Test
    void badConfigurationIsRefusedNamingTheKey() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("FEDBLEND_MODEL", "resnet"),
                "--alpha", "1.5", "--server-address", "127.0.0.1:0")) {
            assertEquals(1, server.exitCode(120));
            String output = server.output();
            assertTrue(output.contains("fedblend.alpha (FEDBLEND_ALPHA) is 1.5; it must be between 0 and 1"), output);
            assertTrue(output.contains("fedblend.model (FEDBLEND_MODEL): unknown model 'resnet'"), output);
        }
    }

    @Test
    void shardBeyondTheDatasetEndsTheStartAndStopsTheRun() throws Exception {
        new TestDatabase().start();
        try (ServerProcess server = ServerProcess.start(Map.of("QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.URL,
                        "FEDBLEND_MODEL", "mlp", "FEDBLEND_SERVER_SHARD", "0:70000",
                        "FEDBLEND_MODELS_DIR", TestDatabase.MODELS_DIR.toString()),
                "--server-address", "127.0.0.1:0")) {
            assertEquals(1, server.exitCode(180));
            assertTrue(server.output().contains("fedblend.server-shard (FEDBLEND_SERVER_SHARD) is [0, 70000) but the"
                    + " training set in"), server.output());
        }
        // A run without a baseline is stopped, so a start with a corrected shard begins a new run.
        assertEquals("STOPPED", Rows.one("select status from training_run").get("status"));
    }

    @Test
    void unknownFlagPrintsUsageAndExitsWith2() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "--rounds", "3")) {
            assertEquals(2, server.exitCode(60));
            assertTrue(server.output().contains("unknown option '--rounds'"), server.output());
            assertTrue(server.output().contains("--num-rounds N"), server.output());
        }
    }

    @Test
    void helpPrintsUsageAndExitsWith0() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "--help")) {
            assertEquals(0, server.exitCode(60));
            assertTrue(server.output().contains("Usage: fedblend-server"), server.output());
        }
    }
}
