package dev.ovstub.server.internal.api;

import dev.ovstub.server.internal.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a {@code "media"} value of the control API may name. The recorder opens media with the server's rights,
 * so over HTTP only files inside {@code openvidu.stub.media-path} (relative names resolve against it; no
 * {@code ..} or symbolic link leads out of it) and, with {@code openvidu.stub.media-urls=true}, http(s) URLs are
 * accepted. Anything else is a 400 naming the property to set. The in-process Java API does not come here.
 */
final class MediaAccess {
    static final String PATH_PROPERTY = "openvidu.stub.media-path";
    static final String URLS_PROPERTY = "openvidu.stub.media-urls";

    /** The media folder with every link resolved, or null when local media is off over HTTP. */
    private final Path folder;
    /** The same folder as configured (absolute), which absolute media paths may spell out instead. */
    private final Path configured;
    private final boolean urls;

    private MediaAccess(Path folder, Path configured, boolean urls) {
        this.folder = folder;
        this.configured = configured;
        this.urls = urls;
    }

    /**
     * @param folder {@code openvidu.stub.media-path}, or null for no local media over HTTP
     * @throws ConfigException if the folder is not an existing folder
     */
    static MediaAccess of(Path folder, boolean urls) {
        if (folder == null) {
            return new MediaAccess(null, null, urls);
        }
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new ConfigException(PATH_PROPERTY + ": not a folder: " + folder);
            }
            return new MediaAccess(real, folder.toAbsolutePath().normalize(), urls);
        } catch (IOException e) {
            throw new ConfigException(PATH_PROPERTY + ": no such folder: " + folder);
        }
    }

    /**
     * The media value to hand to the recorder: a URL as given, or the checked file's real absolute path.
     *
     * @throws HttpError 400 naming the property that would allow it, or the reason the file is refused
     */
    String check(String media) {
        if (media == null) {
            return null;
        }
        String m = media.trim();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (!urls) {
                throw HttpError.badRequest("media: URLs are not accepted over the control API unless the server "
                        + "is started with " + URLS_PROPERTY + "=true (the recorder fetches them with the server's rights)");
            }
            return m;
        }
        Path given;
        try {
            if (lower.startsWith("file:")) {
                given = Path.of(URI.create(m));
            } else if (m.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
                throw HttpError.badRequest("media: only files and http(s) URLs are supported, not " + m);
            } else if (m.isEmpty()) {
                throw HttpError.badRequest("media: must not be empty");
            } else {
                given = Path.of(m);
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) { // InvalidPathException too
            throw HttpError.badRequest("media: not a file path or file: URI: " + m);
        }
        if (folder == null) {
            throw HttpError.badRequest("media: local files are not accepted over the control API unless the server "
                    + "is started with " + PATH_PROPERTY + " set to a folder of media files (names are then "
                    + "resolved inside it)");
        }
        Path candidate = folder.resolve(given).normalize();
        if (!candidate.startsWith(folder) && !candidate.startsWith(configured)) {
            throw outside(m);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw HttpError.badRequest("media: no such file in " + PATH_PROPERTY + ": " + m);
        }
        if (!real.startsWith(folder)) {
            throw outside(m); // a symbolic link inside the folder that leads out of it
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(real)) {
            throw HttpError.badRequest("media: not a readable file in " + PATH_PROPERTY + ": " + m);
        }
        return real.toString();
    }

    private static HttpError outside(String media) {
        return HttpError.badRequest("media: must name a file inside the folder " + PATH_PROPERTY
                + " names (relative names resolve against it): " + media);
    }
}
