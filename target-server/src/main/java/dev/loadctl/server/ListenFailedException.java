package dev.loadctl.server;

/**
 * The server could not start: its address cannot be bound, or its IO threads cannot be created. The message is one
 * line that says what to do.
 */
public final class ListenFailedException extends Exception {

    public ListenFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
