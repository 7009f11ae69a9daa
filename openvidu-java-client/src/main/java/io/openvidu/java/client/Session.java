package io.openvidu.java.client;

import java.util.Objects;

/**
 * A session created on the server by {@link OpenVidu#createSession(SessionProperties)}. Immutable
 * and thread-safe.
 */
public class Session {

    private final OpenVidu openVidu;
    private final String sessionId;
    private final SessionProperties properties;

    Session(OpenVidu openVidu, String sessionId, SessionProperties properties) {
        this.openVidu = openVidu;
        this.sessionId = sessionId;
        this.properties = properties;
    }

    /**
     * The session id, e.g. {@code wss://localhost:8443/jpifeuzfati5qaj8}. Pass it to
     * {@link OpenVidu#startRecording(String)}.
     *
     * <p>Declared {@code throws OpenViduException} as in 1.8.0, where the id was fetched from the
     * server on the first call. Here the session is created by {@code createSession}, so this
     * method never contacts the server and never throws.
     *
     * @return the id, never {@code null}
     * @throws OpenViduException never, in this client
     */
    public String getSessionId() throws OpenViduException {
        return sessionId;
    }

    /**
     * Generates a token with the default options (role PUBLISHER, empty data).
     *
     * @return the token, to be given to one participant (single use)
     * @throws OpenViduException (a subclass, code {@code TOKEN_CANNOT_BE_CREATED_ERROR_CODE}) on any failure
     */
    public String generateToken() throws OpenViduException {
        return generateToken(new TokenOptions.Builder().build());
    }

    /**
     * Generates a token ({@code POST /api/tokens}).
     *
     * @param tokenOptions role and data of the participant, not {@code null}
     * @return the token, to be given to one participant (single use)
     * @throws OpenViduBadRequestException if the server rejects the options or no longer knows the session
     * @throws OpenViduException (another subclass, code {@code TOKEN_CANNOT_BE_CREATED_ERROR_CODE}) on any other failure
     * @throws IllegalArgumentException if {@code tokenOptions} is {@code null}
     */
    public String generateToken(TokenOptions tokenOptions) throws OpenViduException {
        return openVidu.generateToken(sessionId, tokenOptions);
    }

    /**
     * The properties the session was created with.
     *
     * @return never {@code null}
     */
    public SessionProperties getProperties() {
        return properties;
    }

    /**
     * Equal when the session ids and properties are equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Session)) {
            return false;
        }
        Session other = (Session) o;
        return sessionId.equals(other.sessionId) && properties.equals(other.properties);
    }

    /**
     * Hash of the session id and properties.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(sessionId, properties);
    }

    /**
     * The session id, so that string concatenation gives the id.
     *
     * @return the session id
     */
    @Override
    public String toString() {
        return sessionId;
    }
}
