package dev.ovstub.server.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ovstub.server.testing.S3MockProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket client against a real S3-compatible server (S3Mock, in a process of its own). */
class S3BucketTest {
    private static final S3MockProcess s3 = S3MockProcess.shared();

    @TempDir
    Path folder;
    String name;
    S3Bucket bucket;

    @BeforeEach
    void open() {
        name = s3.newBucket("bucket-test");
        bucket = S3Bucket.open(location(name, "recordings/"));
    }

    @AfterEach
    void close() {
        bucket.close();
    }

    private static S3Location location(String bucket, String prefix) {
        return new S3Location(s3.endpoint(), "us-east-1", bucket, true, prefix, S3MockProcess.ACCESS_KEY,
                S3MockProcess.SECRET_KEY);
    }

    private Path randomFile(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(folder.resolve("f" + size + ".bin"), bytes);
    }

    @Test
    void aFileOfSeveralPartsIsUploadedWholeWithItsTypeAndMetadata() throws IOException {
        Path file = randomFile(2 * S3Bucket.PART_SIZE + 12_345); // three parts, the last one short

        bucket.upload(file, "recordings/~1/a.mp4", "video/mp4", Map.of("ovstub-duration", "12.500"));

        assertThat(s3.object(name, "recordings/~1/a.mp4")).isEqualTo(Files.readAllBytes(file));
        S3Bucket.ObjectInfo head = bucket.head("recordings/~1/a.mp4").orElseThrow();
        assertThat(head.size()).isEqualTo(Files.size(file));
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("ovstub-duration", "12.500");
        assertThat(head.lastModified()).isNotNull();
    }

    @Test
    void aSmallFileIsOnePart() throws IOException {
        Path file = randomFile(1000);

        bucket.upload(file, "k.mp4", "video/mp4", Map.of());

        assertThat(s3.object(name, "k.mp4")).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void rangedReadsReturnExactlyTheAskedBytesAcrossPartBoundaries() throws IOException {
        Path file = randomFile(S3Bucket.PART_SIZE + 5000);
        byte[] all = Files.readAllBytes(file);
        bucket.upload(file, "r.mp4", "video/mp4", Map.of());

        for (long[] range : new long[][] {{0, 1}, {0, 100}, {S3Bucket.PART_SIZE - 10, 20}, {all.length - 1, 1}}) {
            try (InputStream in = bucket.read("r.mp4", range[0], range[1])) {
                assertThat(in.readAllBytes()).as("bytes %d+%d", range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(all, (int) range[0], (int) (range[0] + range[1])));
            }
        }
    }

    @Test
    void aMissingObjectHasNoHeadAndDeletingItIsNoError() throws IOException {
        assertThat(bucket.head("nothing.mp4")).isEmpty();

        bucket.delete("nothing.mp4");
    }

    @Test
    void deleteRemovesTheObject() throws IOException {
        bucket.upload(randomFile(10), "d.mp4", "video/mp4", Map.of());

        bucket.delete("d.mp4");

        assertThat(bucket.head("d.mp4")).isEmpty();
        assertThat(s3.keys(name)).isEmpty();
    }

    @Test
    void anUploadToABucketThatIsGoneFailsNamingTheObjectAndLeavesNothing() throws IOException {
        Path file = randomFile(100);
        s3.deleteBucket(name);

        assertThatThrownBy(() -> bucket.upload(file, "x.mp4", "video/mp4", Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot upload s3://" + name + "/x.mp4")
                .hasMessageContaining("404");
        assertThat(file).exists();
    }

    @Test
    void checkAccessNamesAMissingBucket() {
        try (S3Bucket missing = S3Bucket.open(location("no-such-bucket", ""))) {
            assertThatThrownBy(missing::checkAccess).isInstanceOf(IOException.class)
                    .hasMessageContaining("no-such-bucket").hasMessageContaining("404");
        }
    }

    @Test
    void anUnreachableServiceIsAnIoErrorNotAHang() throws IOException {
        S3Location nowhere = new S3Location(java.net.URI.create("http://127.0.0.1:9"), null, "b", true, "", "a", "s");
        try (S3Bucket unreachable = S3Bucket.open(nowhere)) {
            assertThatThrownBy(() -> unreachable.upload(randomFile(10), "k", "video/mp4", Map.of()))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot upload s3://b/k");
        }
    }

    @Test
    void theLocationTravelsThroughTheEnvironmentWithoutChange() {
        S3Location original = location("b-1", "p/");

        assertThat(S3Location.fromEnvironment(original.environment())).isEqualTo(original);
        assertThat(S3Location.fromEnvironment(Map.of())).isNull();
        assertThat(original.toString()).doesNotContain(S3MockProcess.SECRET_KEY).doesNotContain(S3MockProcess.ACCESS_KEY);
        assertThatThrownBy(() -> S3Location.fromEnvironment(Map.of("S3_BUCKET", "b", "S3_PATH_STYLE_ACCESS", "yes")))
                .hasMessageContaining("S3_PATH_STYLE_ACCESS");
    }
}
