package dev.ovstub.server.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an OpenVidu stub server for a test class: started once before the first test on a free port, with a
 * temporary recordings folder; its sessions, participants, tokens and faults reset before each test; stopped and
 * cleaned after the last one. Test methods (and constructors, and lifecycle methods) may take an
 * {@link OpenViduStubRuntimeInfo}, the {@link dev.ovstub.server.OpenViduServerStub} itself, or a ready-made
 * {@code io.openvidu.java.client.OpenVidu} client as parameters.
 *
 * <pre>{@code
 * @OpenViduStubTest(recording = true)
 * class RecordingTest {
 *     @Test
 *     void recordsAManualSession(OpenViduStubRuntimeInfo stub, OpenVidu openVidu) { ... }
 * }
 * }</pre>
 *
 * For per-test servers or settings computed at run time, use {@link OpenViduStubExtension#builder()} with
 * {@code @RegisterExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OpenViduStubExtension.class)
public @interface OpenViduStubTest {
    /** {@code openvidu.recording}. */
    boolean recording() default false;

    /** {@code openvidu.recording.free-access}. */
    boolean freeAccess() default false;

    /** {@code openvidu.secret}. */
    String secret() default "MY_SECRET";

    /** {@code embedded} or {@code docker}. */
    String runtime() default "embedded";

    /** Recording resolution; small by default to keep tests fast. */
    String resolution() default "640x360";

    /** 0 picks a free port. */
    int port() default 0;

    /** HTTPS with a self-signed certificate instead of plain HTTP. */
    boolean https() default false;

    /**
     * Sends the OpenVidu 2.x sessions' webhook events to an endpoint of the extension's, which tests read as an
     * injected {@link ReceivedWebhooks} (or {@link OpenViduStubRuntimeInfo#webhooks()}).
     */
    boolean webhook() default false;
}
