package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Code written against the official 1.8.0 client compiles, links and runs unchanged. */
class Compatibility18Test extends WireMockSupport {

    /** The flow of the 1.8.0 README and tutorials, written exactly as 1.8.0 users write it (no close()). */
    @Test
    void theReadmeFlowOf18RunsUnchanged() {
        wm.stubFor(post("/api/sessions").willReturn(okJson("{\"id\":\"" + SESSION_ID + "\"}")));
        wm.stubFor(post("/api/tokens").willReturn(okJson("{\"id\":\"tok\",\"token\":\"tok\"}")));
        wm.stubFor(post("/api/recordings/start")
                .willReturn(okJson(recordingJson("jpifeuzfati5qaj8", "started", "0", "0.0", null))));
        wm.stubFor(post("/api/recordings/stop/jpifeuzfati5qaj8").willReturn(okJson(recordingJson("jpifeuzfati5qaj8",
                "available", "1048576", "12.5", "https://localhost:8443/recordings/jpifeuzfati5qaj8.mp4"))));
        wm.stubFor(get("/api/recordings").willReturn(okJson("{\"count\":1,\"items\":["
                + recordingJson("jpifeuzfati5qaj8", "available", "1048576", "12.5", null) + "]}")));
        wm.stubFor(delete("/api/recordings/jpifeuzfati5qaj8").willReturn(aResponse().withStatus(204)));

        String outcome;
        OpenVidu openVidu = new OpenVidu(url(), SECRET);
        try {
            SessionProperties properties = new SessionProperties.Builder().archiveMode(ArchiveMode.MANUAL)
                    .archiveLayout(ArchiveLayout.BEST_FIT).mediaMode(MediaMode.ROUTED).build();
            Session session = openVidu.createSession(properties);
            TokenOptions tokenOptions = new TokenOptions.Builder().role(OpenViduRole.PUBLISHER).data("userData").build();
            String token = session.generateToken(tokenOptions);
            Archive archive = openVidu.startRecording(session.getSessionId());
            archive = openVidu.stopRecording(archive.getId());
            List<Archive> archives = openVidu.listRecordings();
            switch (archive.getStatus()) {
                case available:
                    outcome = token + " " + archive.getUrl() + " " + archives.size();
                    break;
                case starting:
                case started:
                case stopped:
                case failed:
                default:
                    outcome = "unexpected " + archive.getStatus();
            }
            openVidu.deleteRecording(archive.getId());
        } catch (OpenViduException e) {
            outcome = "failed with code " + e.getCodeValue();
        }

        assertThat(outcome).isEqualTo("tok https://localhost:8443/recordings/jpifeuzfati5qaj8.mp4 1");
        openVidu.close();
    }

    @Test
    void a18CatchBlockCatchesEveryFailureWithThe18Code() {
        wm.stubFor(post("/api/recordings/start").willReturn(aResponse().withStatus(409)));
        OpenVidu openVidu = new OpenVidu(url(), SECRET);
        int code = 0;
        try {
            openVidu.startRecording(SESSION_ID);
        } catch (OpenViduException e) {
            code = e.getCodeValue();
        } finally {
            openVidu.close();
        }
        assertThat(code).isEqualTo(OpenViduException.Code.RECORDING_START_ERROR_CODE.getValue()).isEqualTo(703);
    }

    /** Signatures of the 1.8.0 public API (from its javap dump): same names, parameters and return types. */
    @Test
    void everyPublic18MethodExistsWithTheSameSignature() throws Exception {
        String[] expected = {
            "OpenVidu createSession() Session OpenViduException",
            "OpenVidu createSession(SessionProperties) Session OpenViduException",
            "OpenVidu startRecording(String) Archive OpenViduException",
            "OpenVidu stopRecording(String) Archive OpenViduException",
            "OpenVidu getRecording(String) Archive OpenViduException",
            "OpenVidu listRecordings() List OpenViduException",
            "OpenVidu deleteRecording(String) void OpenViduException",
            "Session getSessionId() String OpenViduException",
            "Session generateToken() String OpenViduException",
            "Session generateToken(TokenOptions) String OpenViduException",
            "Session getProperties() SessionProperties -",
            "SessionProperties archiveMode() ArchiveMode -",
            "SessionProperties mediaMode() MediaMode -",
            "SessionProperties archiveLayout() ArchiveLayout -",
            "SessionProperties$Builder build() SessionProperties -",
            "SessionProperties$Builder mediaMode(MediaMode) SessionProperties$Builder -",
            "SessionProperties$Builder archiveMode(ArchiveMode) SessionProperties$Builder -",
            "SessionProperties$Builder archiveLayout(ArchiveLayout) SessionProperties$Builder -",
            "TokenOptions getData() String -",
            "TokenOptions getRole() OpenViduRole -",
            "TokenOptions$Builder build() TokenOptions -",
            "TokenOptions$Builder data(String) TokenOptions$Builder -",
            "TokenOptions$Builder role(OpenViduRole) TokenOptions$Builder -",
            "Archive getStatus() Archive$Status -",
            "Archive getId() String -",
            "Archive getName() String -",
            "Archive getSessionId() String -",
            "Archive getCreatedAt() long -",
            "Archive getSize() long -",
            "Archive getDuration() double -",
            "Archive getUrl() String -",
            "Archive hasAudio() boolean -",
            "Archive hasVideo() boolean -",
            "OpenViduException getCode() OpenViduException$Code -",
            "OpenViduException getCodeValue() int -",
            "OpenViduException$Code getValue() int -",
        };
        for (String line : expected) {
            String[] parts = line.split(" ");
            Class<?> owner = type(parts[0]);
            String name = parts[1].substring(0, parts[1].indexOf('('));
            String params = parts[1].substring(parts[1].indexOf('(') + 1, parts[1].length() - 1);
            Class<?>[] paramTypes = params.isEmpty() ? new Class<?>[0]
                    : Arrays.stream(params.split(",")).map(Compatibility18Test::type).toArray(Class<?>[]::new);
            Method m = owner.getMethod(name, paramTypes);
            assertThat(Modifier.isPublic(m.getModifiers())).as(line).isTrue();
            assertThat(m.getReturnType()).as(line).isEqualTo(type(parts[2]));
            if (!parts[3].equals("-")) {
                assertThat(m.getExceptionTypes()).as(line).contains(type(parts[3]));
            }
        }
        assertThat(OpenVidu.class.getConstructor(String.class, String.class)).isNotNull();
        assertThat(OpenViduException.class.getConstructor(OpenViduException.Code.class, String.class)).isNotNull();
        assertThat(SessionProperties.Builder.class.getConstructor()).isNotNull();
        assertThat(TokenOptions.Builder.class.getConstructor()).isNotNull();
        assertThat(RuntimeException.class).isAssignableFrom(OpenViduException.class);
    }

    private static Class<?> type(String simple) {
        switch (simple) {
            case "void":
                return void.class;
            case "long":
                return long.class;
            case "int":
                return int.class;
            case "double":
                return double.class;
            case "boolean":
                return boolean.class;
            case "String":
                return String.class;
            case "List":
                return List.class;
            default:
                try {
                    return Class.forName("io.openvidu.java.client." + simple);
                } catch (ClassNotFoundException e) {
                    throw new AssertionError("missing type " + simple, e);
                }
        }
    }
}
