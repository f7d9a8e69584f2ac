package dev.loadctl.server;

/** The server could not take its address; the message is one line that says what to do. */
public final class ListenFailedException extends Exception {

    public ListenFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
