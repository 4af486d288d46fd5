package io.fedblend.server;

import io.fedblend.shared.model.CheckpointFile;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The state a server leaves when killed during round 3 of a 4-round mlp run: rounds 0, 1 and 2 recorded with
 * their checkpoints, round 2's file since damaged on disk, and one client session open. Before it, an older
 * stopped run whose only checkpoint is damaged.
 */
public class CrashedRun extends TestDatabase {

    static final String SESSION = "5f0c7a52-0000-4000-8000-000000000001";
    static final long DAMAGED_RUN = 1;
    static final long CRASHED_RUN = 2;

    /** Every weight of the round-N checkpoint equals this value. */
    static float valueOfRound(int round) {
        return 0.01f * (round + 1);
    }

    static Weights weightsOfRound(int round) {
        return Weights.of(ModelSpec.MLP.tensors().stream().map(t -> {
            float[] values = new float[t.elementCount()];
            Arrays.fill(values, valueOfRound(round));
            return new Weights.Tensor(t, values);
        }).toList());
    }

    @Override
    public Map<String, String> start() {
        super.start();
        Flyway.configure().dataSource(URL, USER, "").locations("classpath:db/migration").load().migrate();
        try (Connection db = DriverManager.getConnection(URL, USER, "")) {
            long damagedRun = insertRun(db, "STOPPED");
            Path damaged = MODELS_DIR.resolve("run-" + damagedRun).resolve("baseline.fbm");
            Files.createDirectories(damaged.getParent());
            insertRound(db, damagedRun, 0, damaged, CheckpointFile.write(damaged, ModelSpec.MLP, weightsOfRound(0)));
            Files.write(damaged, Arrays.copyOf(Files.readAllBytes(damaged), 100));

            long runId = insertRun(db, "RUNNING");
            Path dir = MODELS_DIR.resolve("run-" + runId);
            Files.createDirectories(dir);
            for (int round = 0; round <= 2; round++) {
                Path file = dir.resolve(round == 0 ? "baseline.fbm" : "round-" + round + ".fbm");
                String sha = CheckpointFile.write(file, ModelSpec.MLP, weightsOfRound(round));
                insertRound(db, runId, round, file, sha);
            }
            byte[] flipped = Files.readAllBytes(dir.resolve("round-2.fbm"));
            flipped[flipped.length / 2] ^= 0x5a;
            Files.write(dir.resolve("round-2.fbm"), flipped);
            insertSession(db, runId);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not set up the crashed run: " + e.getMessage(), e);
        }
        return Map.of();
    }

    private static long insertRun(Connection db, String status) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("insert into training_run (status, model, model_fingerprint,"
                + " alpha, rounds, min_clients, server_shard_from, server_shard_to, local_epochs, batch_size,"
                + " learning_rate, seed, rounds_completed, started_at) values (?, 'mlp', ?, 0.5, 4, 1, 0,"
                + " 2000, 1, 32, 0.001, 42, 2, now()) returning id")) {
            st.setString(1, status);
            st.setString(2, ModelSpec.MLP.fingerprint());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void insertRound(Connection db, long runId, int round, Path file, String sha) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("insert into round_result (run_id, round, alpha, accuracy,"
                + " loss, clients, samples, train_ms, transfer_ms, blend_ms, eval_ms, persist_ms, bytes_in, bytes_out,"
                + " checkpoint_path, checkpoint_sha256, completed_at)"
                + " values (?, ?, 0.5, ?, 0.3, 1, 3000, 1000, 10, 5, 100, 20, 400000, 400000, ?, ?, now())")) {
            st.setLong(1, runId);
            st.setInt(2, round);
            st.setDouble(3, 0.8 + round * 0.01);
            st.setString(4, file.toString());
            st.setString(5, sha);
            st.executeUpdate();
        }
    }

    private static void insertSession(Connection db, long runId) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("insert into client (client_id, first_seen_at, last_seen_at)"
                + " values ('survivor', now(), now()) returning id")) {
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long clientRow = rs.getLong(1);
                try (PreparedStatement s = db.prepareStatement("insert into client_session (session_id, run_id,"
                        + " client_id, started_at) values (?, ?, ?, now())")) {
                    s.setString(1, SESSION);
                    s.setLong(2, runId);
                    s.setLong(3, clientRow);
                    s.executeUpdate();
                }
            }
        }
    }
}
