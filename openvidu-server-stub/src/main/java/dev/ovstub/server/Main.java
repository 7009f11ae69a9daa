package dev.ovstub.server;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        throw new UnsupportedOperationException("not yet");
    }
}
