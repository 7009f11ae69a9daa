package dev.ovstub.server.internal.session;

/** A participant's role. SUBSCRIBERs may not publish. */
public enum Role {
    SUBSCRIBER, PUBLISHER, MODERATOR;

    public boolean mayPublish() {
        return this != SUBSCRIBER;
    }
}
