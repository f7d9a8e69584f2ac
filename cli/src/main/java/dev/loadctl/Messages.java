package dev.loadctl;

/** Text for loadctl's one-line messages, whichever layer writes them. */
public final class Messages {

    private Messages() {
    }

    /** An exception's message cut to its first line (parsers' messages run on with context), or "unknown error". */
    public static String firstLineOfError(String message) {
        return firstLine(message, "unknown error");
    }

    /** A stop reason cut to its first line (a failure's reason may carry a server's output), or "unknown reason". */
    public static String firstLineOfReason(String reason) {
        return firstLine(reason, "unknown reason");
    }

    private static String firstLine(String text, String whenNull) {
        if (text == null) {
            return whenNull;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
