package io.fedblend.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.Weights;
import io.fedblend.shared.proto.JoinReply;
import io.fedblend.shared.proto.ModelWeights;
import io.fedblend.shared.proto.NamedTensor;
import io.fedblend.shared.proto.TrainTask;
import io.fedblend.shared.wire.WeightsMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each update the server must refuse, sent over real gRPC while round 1 is open: the precise status comes back,
 * the model and the history stay as they were, and the refusal is recorded with its reason.
 */
@QuarkusTest
@TestProfile(StrictServerProfile.class)
class UpdateRefusalTest {

    @TestHTTPResource("/")
    URL server;

    TestClient client;
    /** What round 1 looked like before the refused call: its task as an onlooker sees it and the history size. */
    TrainTask before;
    long roundsBefore;

    @BeforeEach
    void openRound() {
        client = TestClient.connect(server.getPort(), StrictServerProfile.TOKEN);
        before = onlookerTask();
        roundsBefore = Rows.count("select count(*) from round_result");
    }

    @AfterEach
    void close() throws InterruptedException {
        client.close();
    }

    @Test
    void refusesJoinWithAnotherModelsFingerprint() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.join("cnn-client", ModelSpec.CNN));
        assertStatus(e, Status.Code.FAILED_PRECONDITION, "does not match the server's 'mlp' model");
        assertRecorded("JOIN", "WRONG_FINGERPRINT", "cnn-client");
        assertNothingChanged();
    }

    @Test
    void refusesUpdateWithAnotherModelsFingerprint() {
        ModelWeights cnnTagged = validWeights().toBuilder().setFingerprint(ModelSpec.CNN.fingerprint()).build();
        refusedUpdate("fingerprint-client", cnnTagged, Status.Code.FAILED_PRECONDITION, "WRONG_FINGERPRINT", "");
    }

    @Test
    void refusesUpdateWithWrongShapes() {
        ModelWeights msg = replaceTensor(validWeights(), "dense2_bias", new long[] {11}, floats(11, 0.1f));
        refusedUpdate("shape-client", msg, Status.Code.INVALID_ARGUMENT, "INVALID_UPDATE", "dense2_bias");
    }

    @Test
    void refusesUpdateWithNaN() {
        refusedUpdate("nan-client", withFirstValue(validWeights(), Float.NaN), Status.Code.INVALID_ARGUMENT,
                "INVALID_UPDATE", "dense1_kernel");
    }

    @Test
    void refusesUpdateWithInfinity() {
        refusedUpdate("inf-client", withFirstValue(validWeights(), Float.POSITIVE_INFINITY),
                Status.Code.INVALID_ARGUMENT, "INVALID_UPDATE", "dense1_kernel");
    }

    @Test
    void refusesUpdateWithWrongByteLength() {
        ModelWeights valid = validWeights();
        NamedTensor first = valid.getTensors(0);
        ModelWeights msg = valid.toBuilder().setTensors(0, first.toBuilder()
                .setData(first.getData().substring(0, first.getData().size() - 4))).build();
        refusedUpdate("bytes-client", msg, Status.Code.INVALID_ARGUMENT, "INVALID_UPDATE", "dense1_kernel");
    }

    @Test
    void refusesUpdateForARoundThatIsOver() {
        refusedUpdateForRound("stale-client", 0, "STALE_ROUND", "round 0 is over; the current round is 1");
    }

    @Test
    void refusesUpdateForARoundNotStarted() {
        refusedUpdateForRound("future-client", 2, "FUTURE_ROUND", "round 2 has not started; the current round is 1");
    }

    @Test
    void refusesSecondUpdateFromTheSameClientInARound() {
        JoinReply joined = client.join("twice-client", ModelSpec.MLP);
        TrainTask task = client.nextTask(joined.getSessionId());
        assertTrue(client.submit(joined.getSessionId(), task.getRunId(), 1, validWeights(), 100).getAccepted());
        roundsBefore = Rows.count("select count(*) from round_result");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.submit(joined.getSessionId(), task.getRunId(), 1, validWeights(), 100));
        assertStatus(e, Status.Code.FAILED_PRECONDITION, "already sent an update for round 1");
        assertRecorded("UPDATE", "DUPLICATE_UPDATE", "twice-client");
        // The same client under a new session is still the same client.
        JoinReply again = client.join("twice-client", ModelSpec.MLP);
        assertStatus(assertThrows(StatusRuntimeException.class,
                () -> client.submit(again.getSessionId(), task.getRunId(), 1, validWeights(), 100)),
                Status.Code.FAILED_PRECONDITION, "already sent an update for round 1");
        assertNothingChanged();
    }

    @Test
    void refusesCallsFromAnUnknownSession() {
        assertStatus(assertThrows(StatusRuntimeException.class,
                () -> client.submit("no-such-session", before.getRunId(), 1, validWeights(), 100)),
                Status.Code.FAILED_PRECONDITION, "unknown session 'no-such-session'");
        assertStatus(assertThrows(StatusRuntimeException.class, () -> client.fetch("no-such-session")),
                Status.Code.FAILED_PRECONDITION, "join again");
        assertStatus(assertThrows(StatusRuntimeException.class, () -> client.heartbeat("no-such-session")),
                Status.Code.FAILED_PRECONDITION, "join again");
        List<Map<String, Object>> refusals = Rows.query("select * from participation where session_id ="
                + " 'no-such-session' and accepted = false and outcome = 'UNKNOWN_SESSION' order by id");
        assertEquals(List.of("UPDATE", "FETCH", "HEARTBEAT"), refusals.stream().map(r -> r.get("kind")).toList());
        assertNothingChanged();
    }

    private void refusedUpdate(String clientId, ModelWeights weights, Status.Code code, String outcome,
                               String messagePart) {
        JoinReply joined = client.join(clientId, ModelSpec.MLP);
        TrainTask task = client.nextTask(joined.getSessionId());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.submit(joined.getSessionId(), task.getRunId(), task.getRound(), weights, 100));
        assertStatus(e, code, messagePart);
        assertRecorded("UPDATE", outcome, clientId);
        assertNothingChanged();
    }

    private void refusedUpdateForRound(String clientId, int round, String outcome, String message) {
        JoinReply joined = client.join(clientId, ModelSpec.MLP);
        client.nextTask(joined.getSessionId());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.submit(joined.getSessionId(), joined.getRunId(), round, validWeights(), 100));
        assertStatus(e, Status.Code.FAILED_PRECONDITION, message);
        assertRecorded("UPDATE", outcome, clientId);
        assertNothingChanged();
    }

    static void assertStatus(StatusRuntimeException e, Status.Code code, String messagePart) {
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(messagePart),
                "'" + e.getStatus().getDescription() + "' mentions '" + messagePart + "'");
    }

    private static void assertRecorded(String kind, String outcome, String clientId) {
        Map<String, Object> row = Rows.one("select p.* from participation p join client c on c.id = p.client_id"
                + " where c.client_id = ? and p.kind = ? and p.accepted = false order by p.id desc limit 1",
                clientId, kind);
        assertEquals(outcome, row.get("outcome"));
        assertTrue(row.get("reason") != null && !((String) row.get("reason")).isBlank(), "a reason: " + row);
    }

    /** Round 1 is still current with the very same weights, and no round was recorded. */
    private void assertNothingChanged() {
        TrainTask now = onlookerTask();
        assertEquals(before.getRound(), now.getRound());
        assertTrue(WeightsMessages.fromMessage(before.getWeights(), ModelSpec.MLP)
                .sameAs(WeightsMessages.fromMessage(now.getWeights(), ModelSpec.MLP)), "the model is unchanged");
        assertEquals(roundsBefore, Rows.count("select count(*) from round_result"));
    }

    private TrainTask onlookerTask() {
        JoinReply onlooker = client.join("onlooker", ModelSpec.MLP);
        return client.nextTask(onlooker.getSessionId());
    }

    /** Well-formed weights that fit the mlp. */
    static ModelWeights validWeights() {
        return WeightsMessages.toMessage(Weights.of(ModelSpec.MLP.tensors().stream()
                .map(t -> new Weights.Tensor(t, floats(t.elementCount(), 0.01f))).toList()), ModelSpec.MLP);
    }

    static float[] floats(int n, float value) {
        float[] values = new float[n];
        java.util.Arrays.fill(values, value);
        return values;
    }

    static ModelWeights replaceTensor(ModelWeights msg, String name, long[] shape, float[] values) {
        ModelWeights.Builder b = msg.toBuilder();
        for (int i = 0; i < b.getTensorsCount(); i++) {
            if (b.getTensors(i).getName().equals(name)) {
                NamedTensor.Builder t = b.getTensors(i).toBuilder().clearShape().setData(bytes(values));
                for (long d : shape) {
                    t.addShape(d);
                }
                b.setTensors(i, t);
            }
        }
        return b.build();
    }

    static ModelWeights withFirstValue(ModelWeights msg, float value) {
        NamedTensor first = msg.getTensors(0);
        byte[] data = first.getData().toByteArray();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value);
        return msg.toBuilder().setTensors(0, first.toBuilder().setData(ByteString.copyFrom(data))).build();
    }

    static ByteString bytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return ByteString.copyFrom(buffer.array());
    }
}
