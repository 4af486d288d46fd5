package io.fedblend.server.round;

import io.fedblend.server.persistence.Participation;
import io.fedblend.server.persistence.RunHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Writes who did what to the participation history. A failed write is logged and does not change the answer
 * the client gets: the history records calls, it does not decide them.
 */
@ApplicationScoped
public class ParticipationLog {

    private static final Logger LOG = Logger.getLogger(ParticipationLog.class);

    static final String ACCEPTED = "ACCEPTED";

    @Inject
    RunHistory history;

    /** A participation with its who/where filled in; callers add the rest. */
    public static Participation of(Participation.Kind kind, Long runId, Long clientRowId, String sessionId, Integer round) {
        Participation p = new Participation();
        p.kind = kind;
        p.runId = runId;
        p.clientId = clientRowId;
        p.sessionId = sessionId;
        p.round = round;
        return p;
    }

    void accepted(Participation p) {
        p.accepted = true;
        p.outcome = ACCEPTED;
        write(p);
    }

    void refused(Participation p, Refusal refusal) {
        refused(p, refusal.reason().name(), refusal.getMessage());
    }

    public void refused(Participation p, String outcome, String reason) {
        p.accepted = false;
        p.outcome = outcome;
        p.reason = reason;
        write(p);
    }

    private void write(Participation p) {
        try {
            history.record(p);
        } catch (RuntimeException e) {
            LOG.errorf("Could not record a %s %s of session %s in the history: %s", p.kind, p.outcome, p.sessionId,
                    e.getMessage());
        }
    }
}
