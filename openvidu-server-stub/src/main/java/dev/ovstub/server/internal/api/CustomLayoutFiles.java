package dev.ovstub.server.internal.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * OpenVidu 2.x custom recording layouts: the files of the {@code openvidu.recording.custom-layout} folder under
 * {@code /layouts/custom/}, where 2.x points its recorder's browser for a CUSTOM recording
 * ({@code /layouts/custom/<customLayout>/index.html?sessionId=...&secret=...}). As in 2.x they need the credentials
 * (the recorder's URL carries them). Only regular files inside the folder are served; anything else is a 404.
 */
final class CustomLayoutFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "png", "image/png", "jpg", "image/jpeg", "svg", "image/svg+xml",
            "woff2", "font/woff2");

    private final Path folder;

    /** @param folder the custom layouts' folder (it need not exist: then every file is a 404) */
    CustomLayoutFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    void register(Router router) {
        router.add("GET", "/layouts/custom/(.+)", this::serve);
    }

    private void serve(Exchange ex) throws IOException {
        String relative = ex.pathParam(1);
        for (String segment : relative.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.contains("\\")) {
                throw HttpError.notFound("no custom layout file " + relative);
            }
        }
        Path file = folder.resolve(relative).normalize();
        Path real;
        try {
            real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath()) || !Files.isRegularFile(real)) {
                throw HttpError.notFound("no custom layout file " + relative);
            }
        } catch (IOException e) {
            throw HttpError.notFound("no custom layout file " + relative);
        }
        String name = real.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        ex.send(200, TYPES.getOrDefault(ext, "application/octet-stream"), Files.readAllBytes(real));
    }
}
