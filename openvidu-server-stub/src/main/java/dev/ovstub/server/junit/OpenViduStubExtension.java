package dev.ovstub.server.junit;

import dev.ovstub.server.OpenViduServerStub;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension running an OpenVidu stub server.
 *
 * <ul>
 *   <li>Declarative: {@link OpenViduStubTest @OpenViduStubTest} on the class.</li>
 *   <li>Programmatic, one server per class, reset before each test:
 *       {@code @RegisterExtension static OpenViduStubExtension stub = OpenViduStubExtension.builder().recording(true).build();}</li>
 *   <li>Programmatic, one server per test: the same on an instance field.</li>
 * </ul>
 * Test methods may take {@link OpenViduStubRuntimeInfo}, {@link OpenViduServerStub} or
 * {@code io.openvidu.java.client.OpenVidu} parameters. The server listens on a free port with a temporary
 * recordings folder, and is stopped and cleaned afterwards.
 */
public final class OpenViduStubExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Settings fixed;
    private OpenViduStubRuntimeInfo info;
    /** The unique id of the context that started the server: only its end stops it (not a @Nested class's). */
    private String startedBy;
    private boolean perClass;

    /** Used by {@link OpenViduStubTest}: settings come from the annotation. */
    public OpenViduStubExtension() {
        this.fixed = null;
    }

    private OpenViduStubExtension(Settings settings) {
        this.fixed = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running server's info, for tests that hold the extension in a field. */
    public OpenViduStubRuntimeInfo runtimeInfo() {
        if (info == null) {
            throw new IllegalStateException("the OpenVidu stub server is not running (outside a test?)");
        }
        return info;
    }

    /** Shortcut for {@code runtimeInfo().server()}. */
    public OpenViduServerStub server() {
        return runtimeInfo().server();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (info != null) {
            return; // a @Nested class: it shares the enclosing class's server
        }
        perClass = true;
        start(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedBy)) {
            stop();
            perClass = false;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (info == null) {
            start(context);
        } else {
            info.server().reset();
            info.clearWebhooks();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass && context.getUniqueId().equals(startedBy)) {
            stop();
        }
    }

    private void start(ExtensionContext context) {
        Settings s = fixed != null ? fixed : context.getTestClass()
                .flatMap(OpenViduStubExtension::findSettings)
                .map(Settings::of)
                .orElseGet(Settings::new);
        OpenViduServerStub.Builder b = OpenViduServerStub.builder()
                .port(s.port).secret(s.secret).recording(s.recording).freeAccess(s.freeAccess)
                .runtime(s.runtime).resolution(s.resolution).https(s.https);
        if (s.startTimeout != null) {
            b.startTimeout(s.startTimeout);
        }
        ReceivedWebhooks webhooks = null;
        if (s.webhook) {
            webhooks = ReceivedWebhooks.start();
            b.webhook(webhooks.url());
        }
        try {
            info = new OpenViduStubRuntimeInfo(b.start(), webhooks);
        } catch (RuntimeException e) {
            if (webhooks != null) {
                webhooks.close();
            }
            throw e;
        }
        startedBy = context.getUniqueId();
    }

    /** The annotation on the test class or, for a @Nested class, on the nearest enclosing class. */
    private static java.util.Optional<OpenViduStubTest> findSettings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            java.util.Optional<OpenViduStubTest> found = AnnotationSupport.findAnnotation(c, OpenViduStubTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private void stop() {
        if (info != null) {
            info.closeClient();
            info.server().close();
            info.closeWebhooks();
            info = null;
            startedBy = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == OpenViduStubRuntimeInfo.class || type == OpenViduServerStub.class
                || type == ReceivedWebhooks.class || type.getName().equals("io.openvidu.java.client.OpenVidu");
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (info == null) {
            throw new ParameterResolutionException("the OpenVidu stub server is not running yet: a server held in an "
                    + "instance field starts before each test, so it cannot be injected into constructors or @BeforeAll");
        }
        Class<?> type = parameterContext.getParameter().getType();
        if (type == OpenViduStubRuntimeInfo.class) {
            return info;
        }
        if (type == OpenViduServerStub.class) {
            return info.server();
        }
        if (type == ReceivedWebhooks.class) {
            return info.webhooks();
        }
        return info.openVidu();
    }

    private static final class Settings {
        boolean recording;
        boolean freeAccess;
        String secret = "MY_SECRET";
        String runtime = "embedded";
        String resolution = "640x360";
        int port;
        boolean https;
        boolean webhook;
        Duration startTimeout;

        static Settings of(OpenViduStubTest a) {
            Settings s = new Settings();
            s.recording = a.recording();
            s.freeAccess = a.freeAccess();
            s.secret = a.secret();
            s.runtime = a.runtime();
            s.resolution = a.resolution();
            s.port = a.port();
            s.https = a.https();
            s.webhook = a.webhook();
            return s;
        }
    }

    /** Settings of a programmatic extension. Defaults: recording off, secret MY_SECRET, free port, 640x360. */
    public static final class Builder {
        private final Settings s = new Settings();

        private Builder() {}

        public Builder recording(boolean recording) { s.recording = recording; return this; }
        public Builder freeAccess(boolean freeAccess) { s.freeAccess = freeAccess; return this; }
        public Builder secret(String secret) { s.secret = Objects.requireNonNull(secret, "secret"); return this; }
        /** {@code embedded} (the default) or {@code docker}. */
        public Builder runtime(String runtime) { s.runtime = Objects.requireNonNull(runtime, "runtime"); return this; }
        public Builder resolution(String resolution) { s.resolution = Objects.requireNonNull(resolution, "resolution"); return this; }
        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) { s.port = port; return this; }
        public Builder https(boolean https) { s.https = https; return this; }
        public Builder startTimeout(Duration timeout) { s.startTimeout = timeout; return this; }
        /** Webhook events to an endpoint of the extension's: see {@link OpenViduStubTest#webhook()}. */
        public Builder webhook(boolean webhook) { s.webhook = webhook; return this; }

        public OpenViduStubExtension build() {
            Settings copy = new Settings();
            copy.recording = s.recording;
            copy.freeAccess = s.freeAccess;
            copy.secret = s.secret;
            copy.runtime = s.runtime;
            copy.resolution = s.resolution;
            copy.port = s.port;
            copy.https = s.https;
            copy.startTimeout = s.startTimeout;
            copy.webhook = s.webhook;
            return new OpenViduStubExtension(copy);
        }
    }
}
