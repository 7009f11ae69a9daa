package dev.ovstub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body of unknown length (chunked) is bounded like any other: past 64 KiB it is a 413, not a heap filler. */
class ChunkedBodyTest {
    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        try (OpenViduServerStub server = OpenViduServerStub.builder().start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Basic T1BFTlZJRFVBUFA6TVlfU0VDUkVU\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = " ".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 8; i++) { // 128 KiB in all
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before reading everything
            }
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }
}
