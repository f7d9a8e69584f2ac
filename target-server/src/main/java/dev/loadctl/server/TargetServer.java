package dev.loadctl.server;

// Placeholder: the server lands with issue 2.
public final class TargetServer {
    public static void main(String[] args) {
        System.err.println("target server not implemented yet");
        System.exit(1);
    }
}
