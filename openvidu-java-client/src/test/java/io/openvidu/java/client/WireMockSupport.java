package io.openvidu.java.client;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

/** A plain-HTTP WireMock on a random port, shared by the tests of a class and reset before each. */
abstract class WireMockSupport {

    static final String SECRET = "MY_SECRET";
    static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8));
    static final String SESSION_ID = "wss://localhost:8443/jpifeuzfati5qaj8";

    static WireMockServer wm;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(16));
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void resetWireMock() {
        wm.resetAll();
    }

    static String url() {
        return "http://localhost:" + wm.port() + "/";
    }

    /** A recording as the server writes it (contract section 4). */
    static String recordingJson(String id, String status, String size, String duration, String url) {
        return """
                {"id":"%s","name":"%s","sessionId":"wss://localhost:8443/%s","createdAt":1525430400123,
                 "size":%s,"duration":%s,"url":%s,"hasAudio":true,"hasVideo":true,"status":"%s"}
                """.formatted(id, id, id, size, duration, url == null ? "null" : "\"" + url + "\"", status);
    }

    static String errorJson(int status, String error, String message) {
        return """
                {"status":%d,"error":"%s","message":"%s"}""".formatted(status, error, message);
    }
}
