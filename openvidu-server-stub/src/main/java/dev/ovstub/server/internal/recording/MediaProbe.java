package dev.ovstub.server.internal.recording;

import dev.ovstub.server.internal.recorder.MediaInfo;
import java.io.IOException;
import java.nio.file.Path;

/** Reads size, duration and streams from a finished recording file. */
@FunctionalInterface
public interface MediaProbe {
    MediaInfo probe(Path file) throws IOException;
}
