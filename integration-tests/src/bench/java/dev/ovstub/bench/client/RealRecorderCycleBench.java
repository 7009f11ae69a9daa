package dev.ovstub.bench.client;

import dev.ovstub.server.JoinOptions;
import dev.ovstub.server.OpenViduServerStub;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The start/stop/get/delete cycle with the real recorder (a child JVM writing a 1280x720 MP4 of two publishers),
 * ours vs the official client, one thread, a few single shots: the recorder's start and finish dominate.
 */
public class RealRecorderCycleBench {

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"ours", "official"})
        public String impl;

        OpenViduServerStub server;
        Api api;
        String sessionId;

        @Setup(Level.Trial)
        public void start() {
            server = OpenViduServerStub.builder().recording(true).resolution("1280x720").start();
            api = Api.create(impl, server.baseUrl().toString(), server.secret());
            try (OpenVidu setup = new OpenVidu(server.baseUrl().toString(), server.secret())) {
                Session session = setup.createSession();
                server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
                server.join(session.getSessionId(), session.generateToken(), JoinOptions.publishing());
                sessionId = session.getSessionId();
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            api.close();
            server.close();
        }
    }

    @Benchmark
    public String recordingCycle(Server s) {
        String id = s.api.startRecording(s.sessionId);
        s.api.stopRecording(id);
        String status = s.api.getRecording(id);
        s.api.deleteRecording(id);
        return status;
    }
}
