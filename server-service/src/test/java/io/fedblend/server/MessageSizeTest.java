package io.fedblend.server;

import static io.fedblend.server.UpdateRefusalTest.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.ModelWeights;
import io.fedblend.shared.proto.NamedTensor;
import io.fedblend.shared.proto.TrainTask;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Large messages travel the real gRPC path up to the configured maximum (80 MiB by default): a 16 MB update gets
 * through the transport and is judged on its content; one over the limit is refused with RESOURCE_EXHAUSTED
 * before it is read.
 */
@QuarkusTest
@TestProfile(StrictServerProfile.class)
class MessageSizeTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void sixteenMegabyteUpdateReachesTheServerAndIsJudgedOnItsShapes() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort(), StrictServerProfile.TOKEN)) {
            JoinReply joined = client.join("large-client", ModelSpec.MLP);
            TrainTask task = client.nextTask(joined.getSessionId());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.submit(
                    joined.getSessionId(), task.getRunId(), task.getRound(), withExtraTensor(16 << 20), 100));
            assertStatus(e, Status.Code.INVALID_ARGUMENT, "huge");
        }
    }

    @Test
    void updateOverTheConfiguredLimitIsRefusedAsResourceExhausted() throws Exception {
        try (TestClient client = TestClient.connect(server.getPort(), StrictServerProfile.TOKEN)) {
            JoinReply joined = client.join("oversized-client", ModelSpec.MLP);
            TrainTask task = client.nextTask(joined.getSessionId());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.submit(
                    joined.getSessionId(), task.getRunId(), task.getRound(), withExtraTensor(81 << 20), 100));
            // The Vert.x transport refuses it before any server code runs, so the status carries no description.
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        }
    }

    /** Valid mlp weights plus one unexpected tensor of {@code bytes} bytes. */
    private static ModelWeights withExtraTensor(int bytes) {
        return UpdateRefusalTest.validWeights().toBuilder().addTensors(NamedTensor.newBuilder()
                .setName("huge")
                .addShape(bytes / 4)
                .setDtypeValue(1)
                .setData(ByteString.copyFrom(new byte[bytes]))).build();
    }
}
