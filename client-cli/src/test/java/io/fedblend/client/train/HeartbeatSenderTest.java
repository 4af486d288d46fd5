package io.fedblend.client.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fedblend.client.FakeFederatedServer;
import io.fedblend.client.grpc.ServerAddress;
import io.fedblend.client.grpc.ServerChannel;
import io.fedblend.client.grpc.ServerConnection;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.HeartbeatRequest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatSenderTest {

    @Test
    void beatsWithTheSessionAndRoundWhileStarted() throws Exception {
        try (FakeFederatedServer fake = new FakeFederatedServer(ModelSpec.MLP, 1).start()) {
            ServerAddress address = ServerAddress.parse(fake.address());
            try (ServerConnection server = new ServerConnection(address, false, Duration.ofSeconds(5),
                    ServerChannel.open(address, false, null, null), new PrintStream(OutputStream.nullOutputStream()));
                    HeartbeatSender heartbeats = new HeartbeatSender(server, 50)) {
                heartbeats.start("session-9", 3);
                long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (fake.heartbeats.isEmpty() && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                }
                heartbeats.stop();
            }
            assertFalse(fake.heartbeats.isEmpty(), "no heartbeat arrived");
            HeartbeatRequest first = fake.heartbeats.get(0);
            assertEquals("session-9", first.getSessionId());
            assertEquals(3, first.getRound());
        }
    }
}
