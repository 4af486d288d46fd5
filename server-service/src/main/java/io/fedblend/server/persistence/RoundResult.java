package io.fedblend.server.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome of one round of a run (round 0 is the baseline): the model's quality, costs and checkpoint. */
@Entity
@Table(name = "round_result")
public class RoundResult extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public long runId;
    public int round;
    public double alpha;
    public double accuracy;
    public double loss;
    public int clients;
    public long samples;

    @Column(name = "train_ms")
    public long trainMs;
    @Column(name = "transfer_ms")
    public long transferMs;
    @Column(name = "blend_ms")
    public long blendMs;
    @Column(name = "eval_ms")
    public long evalMs;
    @Column(name = "persist_ms")
    public long persistMs;
    @Column(name = "bytes_in")
    public long bytesIn;
    @Column(name = "bytes_out")
    public long bytesOut;

    @Column(name = "checkpoint_path")
    public String checkpointPath;
    @Column(name = "checkpoint_sha256")
    public String checkpointSha256;
    @Column(name = "completed_at")
    public Instant completedAt;

    public static List<RoundResult> listForRun(long runId) {
        return list("runId = ?1 order by round", runId);
    }

    public static Optional<RoundResult> findRound(long runId, int round) {
        return find("runId = ?1 and round = ?2", runId, round).firstResultOptional();
    }

    public static long deleteRoundsAfter(long runId, int round) {
        return delete("runId = ?1 and round > ?2", runId, round);
    }
}
