package io.fedblend.server.round;

/** A call the coordinator refuses; the message tells the client what is wrong and what to do. */
public final class Refusal extends RuntimeException {

    /** Why a call was refused. Stored with the refusal in the participation history. */
    public enum Reason {
        /** The request itself is malformed (empty client id, no samples). */
        BAD_REQUEST,
        /** The weights do not fit the model: shapes, dtype, byte length, non-finite values. */
        INVALID_UPDATE,
        WRONG_FINGERPRINT,
        UNKNOWN_SESSION,
        WRONG_RUN,
        STALE_ROUND,
        FUTURE_ROUND,
        /** The round already has its updates and is being blended. */
        ROUND_CLOSED,
        DUPLICATE_UPDATE,
        /** The run has finished or stopped. */
        RUN_OVER,
        /** The server is still preparing the run, or could not. */
        NOT_READY
    }

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
