package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.SubmitUpdateRequest;
import io.fedblend.shared.wire.WeightsMessages;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class TrainCommandTest {

    private static final String SHARD = "0:256";

    @BeforeEach
    void needsMnist() {
        TestData.ensureMnist();
    }

    @Test
    void withoutSubcommandItTrainsUntilDone(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 2).start()) {
            // no --model either: the client offers what it knows until the server accepts
            LaunchResult result = launcher.launch("--server-address", server.address(), "--shard", SHARD,
                    "--client-id", "client-a", "--token", "s3cret", "--threads", "1");

            assertEquals(0, result.exitCode(), result.getErrorOutput());
            String out = result.getOutput();
            assertTrue(out.contains("joined run 7 at " + server.address() + " as client-a: model mlp, 2 rounds"), out);
            assertTrue(out.contains("round 1: local loss"), out);
            assertTrue(out.contains("round 2: local loss"), out);
            assertTrue(out.contains("run 7 done after 2 rounds: final accuracy 0.9321"), out);
            assertEquals(1, server.joins.size());
            assertEquals("client-a", server.joins.get(0).getClientId());
            assertEquals(256, server.joins.get(0).getSamples());
            assertTrue(server.authorizations.stream().allMatch("Bearer s3cret"::equals), server.authorizations.toString());
            assertEquals(2, server.accepted.size());
            for (SubmitUpdateRequest update : server.accepted) {
                assertEquals(256, update.getSamples());
                assertEquals(ModelSpec.MLP.fingerprint(), update.getWeights().getFingerprint());
                assertTrue(Double.isFinite(update.getTrainLoss()) && update.getTrainLoss() > 0);
                assertFalse(WeightsMessages.fromMessage(update.getWeights(), ModelSpec.MLP).sameAs(server.initial),
                        "the update should hold trained weights, not the ones sent");
            }
        }
    }

    @Test
    void staleRoundAndWaitAreNotFatal(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1).refusingStale(1).waitingFirst(1)
                .start()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(), "--model", "mlp",
                    "--shard", SHARD, "--threads", "1");

            assertEquals(0, result.exitCode(), result.getErrorOutput());
            String out = result.getOutput();
            assertTrue(out.contains("waiting: waiting for the baseline"), out);
            assertTrue(out.contains("round 1: the server did not take this update (FAILED_PRECONDITION: round 1 is over"),
                    out);
            assertTrue(out.contains("final accuracy 0.9321"), out);
            assertEquals(1, server.accepted.size());
        }
    }

    @Test
    void waitsForAServerThatStartsLate(QuarkusMainLauncher launcher) throws Exception {
        ServerSocket placeholder = new ServerSocket();
        placeholder.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = placeholder.getLocalPort();
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 1)) {
            // the real server starts only once the client has knocked and been turned away
            Thread starter = new Thread(() -> {
                try (placeholder; Socket knock = placeholder.accept()) {
                    knock.close();
                    placeholder.close();
                    server.startOn(port);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            starter.start();
            LaunchResult result = launcher.launch("train", "--server-address", "127.0.0.1:" + port, "--model", "mlp",
                    "--shard", SHARD, "--connect-timeout", "60s", "--threads", "1");
            starter.join();

            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getOutput().contains("server at 127.0.0.1:" + port + " is not answering"),
                    result.getOutput());
            assertTrue(result.getOutput().contains("server at 127.0.0.1:" + port + " is back"), result.getOutput());
            assertEquals(1, server.accepted.size());
        }
    }

    @Test
    void reconnectsAndJoinsAgainAfterTheServerRestarts(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.MLP, 2).restartingAfterFirstUpdate()
                .start()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(), "--model", "mlp",
                    "--shard", SHARD, "--connect-timeout", "60s", "--threads", "1");

            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getOutput().contains("is not answering (UNAVAILABLE: the server is shutting down)"),
                    result.getOutput());
            assertTrue(result.getOutput().contains("joining again"), result.getOutput());
            assertEquals(2, server.joins.size());
            assertEquals(2, server.accepted.size());
        }
    }

    @Test
    void unreachableServerFailsNamingTheAddressAndWhatToCheck(QuarkusMainLauncher launcher) throws Exception {
        int port = TestData.freePort();
        LaunchResult result = launcher.launch("train", "--server-address", "127.0.0.1:" + port,
                "--connect-timeout", "2s", "--shard", SHARD);

        assertEquals(1, result.exitCode());
        String err = result.getErrorOutput();
        assertTrue(err.contains("cannot reach the FedBlend server at 127.0.0.1:" + port), err);
        assertTrue(err.contains("server is started") && err.contains("firewall") && err.contains("TLS"), err);
    }

    @Test
    void modelOtherThanTheServersIsRefusedWithItsHint(QuarkusMainLauncher launcher) throws Exception {
        try (FakeFederatedServer server = new FakeFederatedServer(ModelSpec.CNN, 1).start()) {
            LaunchResult result = launcher.launch("train", "--server-address", server.address(), "--model", "mlp",
                    "--shard", SHARD);

            assertEquals(1, result.exitCode());
            assertTrue(result.getErrorOutput().contains("Join at " + server.address() + " failed"),
                    result.getErrorOutput());
            assertTrue(result.getErrorOutput().contains("--model cnn"), result.getErrorOutput());
        }
    }

    @Test
    void shardPastTheEndOfTheDatasetIsRefused(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("train", "--shard", "50000:70000", "--connect-timeout", "1s");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("--shard 50000:70000 does not fit"), result.getErrorOutput());
    }

    @Test
    void missingMnistSaysHowToFetchIt(QuarkusMainLauncher launcher, @TempDir Path empty) {
        LaunchResult result = launcher.launch("train", "--data-dir", empty.toString(), "--connect-timeout", "1s");

        assertEquals(1, result.exitCode());
        assertTrue(result.getErrorOutput().contains("fedblend-client data fetch --data-dir " + empty),
                result.getErrorOutput());
    }
}
