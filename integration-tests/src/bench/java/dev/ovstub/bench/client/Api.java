package dev.ovstub.bench.client;

/** The calls the client benchmarks make, implemented by each peer. Implementations are thread-safe. */
public interface Api extends AutoCloseable {
    /** createSession + generateToken (two requests): returns the token. */
    String sessionAndToken();

    /** Starts recording a session; returns the recording id. */
    String startRecording(String sessionId);

    /** Stops a recording; returns its final status. */
    String stopRecording(String recordingId);

    /** Gets a recording; returns its status. */
    String getRecording(String recordingId);

    void deleteRecording(String recordingId);

    @Override
    void close();

    static Api create(String impl, String baseUrl, String secret) {
        switch (impl) {
            case "ours": return new OursApi(baseUrl, secret);
            case "official": return new OfficialApi(baseUrl, secret);
            case "bare": return new BareApi(baseUrl, secret);
            default: throw new IllegalArgumentException("unknown client " + impl);
        }
    }
}
