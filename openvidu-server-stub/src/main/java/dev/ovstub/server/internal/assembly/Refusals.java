package dev.ovstub.server.internal.assembly;

import dev.ovstub.server.StubException;
import dev.ovstub.server.internal.recording.RecordingException;
import dev.ovstub.server.internal.session.SessionException;
import java.util.function.Supplier;

/** The Java API's side of the layers' refusals: each becomes a {@link StubException} with the refusal's own status. */
public final class Refusals {
    private Refusals() {}

    /** Runs an action of the session or recording layer, turning its refusal into a {@link StubException}. */
    public static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (SessionException e) {
            throw new StubException(e.reason().httpStatus(), e.getMessage());
        } catch (RecordingException e) {
            throw new StubException(e.reason().httpStatus(), e.getMessage());
        }
    }
}
