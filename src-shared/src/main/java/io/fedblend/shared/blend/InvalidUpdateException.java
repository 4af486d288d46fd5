package io.fedblend.shared.blend;

/**
 * Weights refused before they could touch the model: the message names the tensor and what is wrong, the
 * reason lets a server record and report the refusal precisely.
 */
public class InvalidUpdateException extends RuntimeException {

    /** What is wrong with the update. */
    public enum Reason {
        FINGERPRINT_MISMATCH,
        MISSING_TENSOR,
        UNEXPECTED_TENSOR,
        SHAPE_MISMATCH,
        WRONG_DTYPE,
        WRONG_BYTE_LENGTH,
        NON_FINITE_VALUE
    }

    private final Reason reason;

    public InvalidUpdateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
