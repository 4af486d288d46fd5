package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with TLS switched on through Quarkus' HTTP TLS settings (gRPC shares the HTTPS port, ALPN
 * picks HTTP/2), and the packaged client: trusted, plaintext and untrusting clients each get what they should.
 * The test certificate (src/test/resources/tls) names localhost, so the clients connect to localhost.
 */
class TlsEndToEndIT {

    private static final String DATABASE = "fedblend_tls_e2e_test";
    private static final Path CERT = Path.of("src/test/resources/tls/server-cert.pem").toAbsolutePath();
    private static final Path KEY = Path.of("src/test/resources/tls/server-key.pem").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void tlsServerServesTrustingClientsAndTellsOthersWhatIsWrong() throws Exception {
        TestData.ensureMnist();
        TestDatabase.recreate(DATABASE);
        int plaintextPort = TestData.freePort();
        int tlsPort = TestData.freePort();
        Map<String, String> serverEnv = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", TestDatabase.jdbcUrl(DATABASE),
                "FEDBLEND_MODELS_DIR", work.resolve("models").toString(),
                "FEDBLEND_SERVER_SHARD", "0:2000",
                "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", CERT.toString(),
                "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", KEY.toString(),
                "QUARKUS_HTTP_SSL_PORT", Integer.toString(tlsPort),
                "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled");
        String address = "localhost:" + tlsPort;

        try (AppProcess server = AppProcess.server(serverEnv, work.resolve("server.log"),
                "--server-address", "127.0.0.1:" + plaintextPort, "--model", "mlp", "--num-rounds", "1")) {
            server.awaitPort(tlsPort, 120);
            server.awaitOutput("Listening on: https://127.0.0.1:" + tlsPort, 30);

            try (AppProcess plaintext = AppProcess.client(Map.of(), work.resolve("plaintext.log"),
                    "train", "--server-address", address, "--model", "mlp", "--shard", "0:500",
                    "--connect-timeout", "5s", "--client-id", "plaintext-client")) {
                assertEquals(1, plaintext.exitCode(120), plaintext::output);
                assertTrue(plaintext.output().contains("it probably expects TLS; connect with --tls"),
                        plaintext::output);
            }

            try (AppProcess untrusting = AppProcess.client(Map.of(), work.resolve("untrusting.log"),
                    "train", "--server-address", address, "--tls", "--model", "mlp", "--shard", "0:500",
                    "--connect-timeout", "5s", "--client-id", "untrusting-client")) {
                assertEquals(1, untrusting.exitCode(120), untrusting::output);
                assertTrue(untrusting.output().contains("the TLS certificate of the server at " + address
                        + " is not trusted"), untrusting::output);
                assertTrue(untrusting.output().contains("pass the certificate of its issuer with --ca-cert FILE"),
                        untrusting::output);
            }

            try (AppProcess trusting = AppProcess.client(Map.of(), work.resolve("trusting.log"),
                    "train", "--server-address", address, "--tls", "--ca-cert", CERT.toString(), "--model", "mlp",
                    "--shard", "0:1000", "--client-id", "tls-client")) {
                assertEquals(0, trusting.exitCode(300), trusting::output);
                assertTrue(trusting.output().contains("done after 1 rounds"), trusting::output);
            }
        }

        assertEquals(List.of(0, 1), TestDatabase.recordedRounds(DATABASE), "baseline and the round over TLS");
        assertEquals(1, TestDatabase.acceptedUpdatesFrom(DATABASE, "tls-client"));
        assertEquals(0, TestDatabase.acceptedUpdatesFrom(DATABASE, "plaintext-client")
                + TestDatabase.acceptedUpdatesFrom(DATABASE, "untrusting-client"), "the others never got in");
    }
}
