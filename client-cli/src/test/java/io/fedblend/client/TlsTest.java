package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.ModelSpec;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS against a server with a self-signed certificate for localhost, and the mismatches people run into. */
@QuarkusMainTest
class TlsTest {

    private static final String CA = FakeFederatedServer.resource("tls/server-cert.pem").toString();

    @BeforeEach
    void needsMnist() {
        TestData.ensureMnist();
    }

    @Test
    void trainsOverTlsWhenTheCertificateIsTrusted(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).startTls()) {
            LaunchResult result = launcher.launch("train", "--server-address", "localhost:" + server.port(),
                    "--ca-cert", CA, "--model", "mlp", "--shard", "0:128", "--threads", "1");

            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertEquals(1, server.accepted.size());
        }
    }

    @Test
    void untrustedCertificateIsNamedAtOnce(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).startTls()) {
            LaunchResult result = launcher.launch("train", "--server-address", "localhost:" + server.port(), "--tls",
                    "--model", "mlp", "--shard", "0:128", "--connect-timeout", "60s");

            assertEquals(1, result.exitCode());
            assertTrue(result.getErrorOutput().contains("is not trusted"), result.getErrorOutput());
            assertTrue(result.getErrorOutput().contains("--ca-cert"), result.getErrorOutput());
        }
    }

    @Test
    void certificateForAnotherHostIsNamed(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).startTls()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(), "--ca-cert", CA,
                    "--model", "mlp", "--shard", "0:128", "--connect-timeout", "60s");

            assertEquals(1, result.exitCode());
            assertTrue(result.getErrorOutput().contains("does not match the host name '127.0.0.1'"),
                    result.getErrorOutput());
        }
    }

    @Test
    void tlsClientAgainstAPlaintextServerSaysSo(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).start()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(), "--tls",
                    "--model", "mlp", "--shard", "0:128", "--connect-timeout", "60s");

            assertEquals(1, result.exitCode());
            assertTrue(result.getErrorOutput().contains("does not speak TLS"), result.getErrorOutput());
        }
    }

    @Test
    void plaintextClientAgainstATlsServerIsToldToTryTls(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).startTls()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(),
                    "--model", "mlp", "--shard", "0:128", "--connect-timeout", "2s");

            assertEquals(1, result.exitCode());
            assertTrue(result.getErrorOutput().contains("it probably expects TLS; connect with --tls"),
                    result.getErrorOutput());
        }
    }
}
