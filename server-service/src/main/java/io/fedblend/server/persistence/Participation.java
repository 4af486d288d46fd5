package io.fedblend.server.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

/** One thing a client did or tried: a join, an update, or a call that was refused and why. */
@Entity
@Table(name = "participation")
public class Participation extends PanacheEntityBase {

    public enum Kind { JOIN, UPDATE, FETCH, HEARTBEAT, AUTH }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id")
    public Long runId;
    /** The client's row id, when the call could be tied to a client. */
    @Column(name = "client_id")
    public Long clientId;
    @Column(name = "session_id")
    public String sessionId;
    public Integer round;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public boolean accepted;
    /** ACCEPTED, or why the call was refused (STALE_ROUND, INVALID_UPDATE, UNAUTHENTICATED, ...). */
    public String outcome;
    public String reason;
    public Long samples;
    @Column(name = "train_loss")
    public Double trainLoss;
    @Column(name = "train_ms")
    public Long trainMs;
    public Long bytes;
    @Column(name = "created_at")
    public Instant createdAt;

    public static List<Participation> listForRun(long runId) {
        return list("runId = ?1 order by id", runId);
    }

    public static List<Participation> listRefusals() {
        return list("accepted = false order by id");
    }

    public static long countAcceptedUpdates(long runId, int round) {
        return count("runId = ?1 and round = ?2 and kind = ?3 and accepted = true", runId, round, Kind.UPDATE);
    }
}
