package dev.ovstub.bench.recorder;

import dev.ovstub.server.internal.recorder.GridRecorder;
import dev.ovstub.server.internal.recorder.LayoutState;
import dev.ovstub.server.internal.recorder.MutableLayoutSource;
import dev.ovstub.server.internal.recorder.RecorderConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Our recorder as a program, offline: {@code RecorderOfflineMain <out.mp4> <seconds>} records a 1280x720 grid of
 * two publishers (25 fps, H.264 + AAC, the recorder's defaults) as fast as it can, then prints
 * {@code RENDER wallMs=.. cpuMs=..} for the recording alone (FFmpeg and Java2D loading excluded).
 */
public final class RecorderOfflineMain {
    private RecorderOfflineMain() {}

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        GridRecorder.preload();
        MutableLayoutSource layout = new MutableLayoutSource(LayoutState.ofIds("con_alice", "con_bob"));
        GridRecorder rec = new GridRecorder(RecorderConfig.builder(out, layout).size(1280, 720).build());
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        rec.renderOffline(Duration.ofSeconds(seconds));
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        System.out.println("RENDER wallMs=" + (t1 - t0) / 1_000_000 + " cpuMs=" + (cpu1 - cpu0) / 1_000_000
                + " frames=" + rec.framesWritten());
    }
}
