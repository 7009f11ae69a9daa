package dev.ovstub.server.internal.recording;

import java.io.IOException;
import java.nio.file.Path;

/** Reads size, duration and streams from a finished recording file. */
@FunctionalInterface
public interface MediaProbe {
    MediaInfo probe(Path file) throws IOException;
}
