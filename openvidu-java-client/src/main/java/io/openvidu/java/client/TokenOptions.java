package io.openvidu.java.client;

import java.util.Objects;

/**
 * Options of a token, given to {@link Session#generateToken(TokenOptions)}. Immutable.
 *
 * <p>Defaults: role {@link OpenViduRole#PUBLISHER}, data {@code ""}.
 */
public final class TokenOptions {

    /** The most characters {@link Builder#data(String)} accepts, as the server does. */
    public static final int MAX_DATA_LENGTH = 1000;

    private final String data;
    private final OpenViduRole role;

    private TokenOptions(String data, OpenViduRole role) {
        this.data = data;
        this.role = role;
    }

    /**
     * Builds {@link TokenOptions}. Not thread-safe; each setter checks its argument at once.
     */
    public static class Builder {

        private String data = "";
        private OpenViduRole role = OpenViduRole.PUBLISHER;

        /** Creates a builder holding the defaults. */
        public Builder() {
        }

        /**
         * Builds the options.
         *
         * @return a new immutable instance
         */
        public TokenOptions build() {
            return new TokenOptions(data, role);
        }

        /**
         * Sets the data attached to the participant who uses the token (other participants receive
         * it). At most {@value TokenOptions#MAX_DATA_LENGTH} characters.
         *
         * @param data the data, not {@code null}; may be empty
         * @return this builder
         * @throws IllegalArgumentException if {@code data} is {@code null} or longer than 1000 characters
         */
        public Builder data(String data) {
            SessionProperties.requireArgument(data, "data");
            if (data.length() > MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("data must be at most " + MAX_DATA_LENGTH
                        + " characters long, but has " + data.length());
            }
            this.data = data;
            return this;
        }

        /**
         * Sets the role of the participant who uses the token.
         *
         * @param role the role, not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code role} is {@code null}
         */
        public Builder role(OpenViduRole role) {
            this.role = SessionProperties.requireArgument(role, "role");
            return this;
        }
    }

    /**
     * The data attached to the participant.
     *
     * @return never {@code null}; empty by default
     */
    public String getData() {
        return data;
    }

    /**
     * The role of the participant.
     *
     * @return never {@code null}
     */
    public OpenViduRole getRole() {
        return role;
    }

    /**
     * Equal when role and data are equal.
     *
     * @param o the other object
     * @return whether they are equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TokenOptions)) {
            return false;
        }
        TokenOptions other = (TokenOptions) o;
        return role == other.role && data.equals(other.data);
    }

    /**
     * Hash of role and data.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(role, data);
    }

    /**
     * For example {@code TokenOptions[role=PUBLISHER, data=alice]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "TokenOptions[role=" + role + ", data=" + data + "]";
    }
}
