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
 * {@code RENDER wallMs=.. cpuMs=..} for the recording alone (FFmpeg and Java2D loading excluded). With a third
 * argument, also writes the same frames uncompressed (YUV 4:2:0, one after the other) into that file, as the
 * reference of a quality comparison (the composer is reached by reflection: it is the recorder's own, not API).
 */
public final class RecorderOfflineMain {
    private RecorderOfflineMain() {}

    private static void writeRaw(Path file, int frames) {
        try {
            Class<?> c = Class.forName("dev.ovstub.server.internal.recorder.FrameComposer");
            var ctor = c.getDeclaredConstructor(int.class, int.class);
            ctor.setAccessible(true);
            Object composer = ctor.newInstance(1280, 720);
            var layout = c.getDeclaredMethod("layout", java.util.List.class);
            layout.setAccessible(true);
            layout.invoke(composer, LayoutState.ofIds("con_alice", "con_bob").publishers());
            var compose = c.getDeclaredMethod("compose", long.class, java.nio.ByteBuffer.class);
            compose.setAccessible(true);
            java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocateDirect(1280 * 720 * 3 / 2);
            try (var out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int k = 0; k < frames; k++) {
                    compose.invoke(composer, k * 1_000_000L / 25, frame);
                    frame.rewind();
                    while (frame.hasRemaining()) out.write(frame);
                }
            }
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("cannot write the raw frames: " + e, e);
        }
    }

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
        if (args.length > 2) writeRaw(Path.of(args[2]), seconds * 25);
        System.out.println("RENDER wallMs=" + (t1 - t0) / 1_000_000 + " cpuMs=" + (cpu1 - cpu0) / 1_000_000
                + " frames=" + rec.framesWritten());
    }
}
