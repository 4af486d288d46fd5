package io.fedblend.client;

/**
 * A command could not do its job for a reason the user can act on. Its message is printed as is, without a stack
 * trace, and the process exits with 1.
 */
public class CommandFailure extends RuntimeException {
    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
