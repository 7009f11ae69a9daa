package dev.ovstub.bench.client;

import io.openvidu.java.client.OpenVidu;

/** Our client, as a user would create it ({@code new OpenVidu(url, secret)}: the defaults). */
final class OursApi implements Api {
    private final OpenVidu openVidu;

    OursApi(String baseUrl, String secret) {
        openVidu = new OpenVidu(baseUrl, secret);
    }

    @Override
    public String sessionAndToken() {
        return openVidu.createSession().generateToken();
    }

    @Override
    public String startRecording(String sessionId) {
        return openVidu.startRecording(sessionId).getId();
    }

    @Override
    public String stopRecording(String recordingId) {
        return openVidu.stopRecording(recordingId).getStatus().name();
    }

    @Override
    public String getRecording(String recordingId) {
        return openVidu.getRecording(recordingId).getStatus().name();
    }

    @Override
    public void deleteRecording(String recordingId) {
        openVidu.deleteRecording(recordingId);
    }

    @Override
    public void close() {
        openVidu.close();
    }
}
