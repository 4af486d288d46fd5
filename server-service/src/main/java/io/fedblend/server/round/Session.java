package io.fedblend.server.round;

import java.time.Duration;
import java.time.Instant;

/** A joined client, as the coordinator tracks it. Guarded by the coordinator's lock. */
final class Session {

    final String sessionId;
    final long clientRowId;
    final String clientId;
    Instant lastSeen;
    /** The round whose task this session last received, and when; 0 when none in the current round. */
    int fetchedRound;
    Instant fetchedAt;

    Session(String sessionId, long clientRowId, String clientId, Instant lastSeen) {
        this.sessionId = sessionId;
        this.clientRowId = clientRowId;
        this.clientId = clientId;
        this.lastSeen = lastSeen;
    }

    boolean aliveAt(Instant now, Duration lease) {
        return lastSeen.plus(lease).isAfter(now);
    }
}
