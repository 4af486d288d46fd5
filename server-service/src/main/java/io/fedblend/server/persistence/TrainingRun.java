package io.fedblend.server.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One training run: its configuration, where it stands, and how it ended. */
@Entity
@Table(name = "training_run")
public class TrainingRun extends PanacheEntityBase {

    public enum Status { RUNNING, FINISHED, STOPPED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public Status status;

    public String model;
    @Column(name = "model_fingerprint")
    public String modelFingerprint;
    public double alpha;
    public int rounds;
    @Column(name = "min_clients")
    public int minClients;
    @Column(name = "server_shard_from")
    public int serverShardFrom;
    @Column(name = "server_shard_to")
    public int serverShardTo;
    @Column(name = "local_epochs")
    public int localEpochs;
    @Column(name = "batch_size")
    public int batchSize;
    @Column(name = "learning_rate")
    public float learningRate;
    public long seed;

    @Column(name = "rounds_completed")
    public int roundsCompleted;
    @Column(name = "round_timeouts")
    public int roundTimeouts;
    @Column(name = "last_timeout_round")
    public Integer lastTimeoutRound;
    @Column(name = "last_timeout_at")
    public Instant lastTimeoutAt;
    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "final_checkpoint_path")
    public String finalCheckpointPath;
    @Column(name = "final_checkpoint_sha256")
    public String finalCheckpointSha256;

    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public static Optional<TrainingRun> findLatest() {
        return find("order by id desc").firstResultOptional();
    }

    public static List<TrainingRun> listNewestFirst() {
        return listAll(Sort.descending("id"));
    }
}
