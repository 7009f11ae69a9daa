package dev.ovstub.server.internal.recording.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.util.Comparator;
import java.util.List;

/** Finds the images the real-engine tests run: built here by recorder-image/ and server-image/build-local.sh. */
final class LocalImages {
    private LocalImages() {}

    /**
     * The image the environment variable {@code envName} names ({@code name:tag}) if the engine has it, else the
     * newest tag of the engine starting with {@code prefix} (e.g. {@code localhost/ovstub-recorder:}); null if none.
     */
    static String find(DockerClient client, String envName, String prefix) {
        String wanted = System.getenv(envName);
        if (wanted != null && !wanted.isBlank()) {
            try {
                client.inspectImageCmd(wanted.trim()).exec();
                return wanted.trim();
            } catch (NotFoundException e) {
                return null;
            }
        }
        List<Image> images = client.listImagesCmd().exec();
        return images.stream()
                .filter(i -> i.getRepoTags() != null)
                .sorted(Comparator.comparing(Image::getCreated, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .flatMap(i -> List.of(i.getRepoTags()).stream())
                .filter(t -> t.startsWith(prefix))
                .findFirst().orElse(null);
    }
}
