package io.fedblend.server.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A session opened by Join; kept so clients carry on after a server restart. */
@Entity
@Table(name = "client_session")
public class ClientSession extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public String sessionId;
    @Column(name = "run_id")
    public long runId;
    @Column(name = "client_id")
    public long clientId;
    @Column(name = "started_at")
    public Instant startedAt;

    public static List<ClientSession> listForRun(long runId) {
        return list("runId", runId);
    }
}
