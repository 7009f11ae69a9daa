package dev.ovstub.server.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * One bucket of an S3-compatible service: multipart upload of a file, and head, ranged read and delete of objects.
 * Every failure is an {@link IOException} whose message names the operation, the object and what the service said
 * (its HTTP status and error code); credentials never appear in it.
 *
 * <p>Built for services other than AWS too: checksums are computed and validated only where the operation
 * requires them (the SDK's newer defaults break older MinIO and most S3 look-alikes), and path-style access is a
 * setting.
 */
public final class S3Bucket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Bucket.class);
    /** The size of each uploaded part but the last: 8 MiB (S3's minimum is 5 MiB; at most 10,000 parts). */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Location location;
    private final S3Client client;

    private S3Bucket(S3Location location, S3Client client) {
        this.location = location;
        this.client = client;
    }

    /** A client for the location; nothing is sent until the first operation. */
    public static S3Bucket open(S3Location location) {
        AwsCredentialsProvider credentials = location.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(location.accessKey(), location.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(location.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(location.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        if (location.endpoint() != null) {
            builder.endpointOverride(location.endpoint());
        }
        return new S3Bucket(location, builder.build());
    }

    public S3Location location() {
        return location;
    }

    /**
     * Checks that the bucket exists and these credentials may use it.
     *
     * @throws IOException saying why not (unreachable, no such bucket, access denied)
     */
    public void checkAccess() throws IOException {
        try {
            client.headBucket(b -> b.bucket(location.bucket()));
        } catch (SdkException e) {
            throw failure("cannot use bucket " + location.bucket(), e);
        }
    }

    /**
     * Uploads {@code file} as {@code key} in parts of {@link #PART_SIZE} bytes (one part for a smaller file), with
     * the given content type and user metadata. Either the whole object appears or none: a failed upload is
     * aborted, so no parts are left billed in the bucket.
     */
    public void upload(Path file, String key, String contentType, Map<String, String> metadata) throws IOException {
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(b -> b.bucket(location.bucket()).key(key)
                    .contentType(contentType).metadata(metadata)).uploadId();
        } catch (SdkException e) {
            throw failure("cannot upload " + describe(key), e);
        }
        boolean done = false;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(PART_SIZE, Math.max(size, 1)));
            long position = 0;
            int number = 1;
            do {
                buffer.clear();
                while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
                    // fill the part
                }
                buffer.flip();
                int partNumber = number;
                int length = buffer.remaining();
                String etag = client.uploadPart(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) length), RequestBody.fromByteBuffer(buffer)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                position += length;
                number++;
            } while (position < size);
            client.completeMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            done = true;
            LOG.info("Uploaded {} ({} bytes, {} part{})", describe(key), size, parts.size(), parts.size() == 1 ? "" : "s");
        } catch (SdkException e) {
            throw failure("cannot upload " + describe(key), e);
        } finally {
            if (!done) {
                abort(key, uploadId);
            }
        }
    }

    private void abort(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("Cannot abort the failed upload of {}: {} (the bucket's lifecycle rules clean such parts up)",
                    describe(key), e.getMessage());
        }
    }

    /** What the bucket holds as {@code key}: size, time, type and user metadata; empty when there is no such object. */
    public Optional<ObjectInfo> head(String key) throws IOException {
        try {
            HeadObjectResponse r = client.headObject(b -> b.bucket(location.bucket()).key(key));
            return Optional.of(new ObjectInfo(r.contentLength(), r.lastModified(), r.contentType(), r.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // a HEAD's 404 has no body, so no error code to tell NoSuchKey by
            }
            throw failure("cannot read " + describe(key), e);
        } catch (SdkException e) {
            throw failure("cannot read " + describe(key), e);
        }
    }

    /**
     * The bytes {@code [start, start + length)} of the object, as a stream the caller closes. {@code length} must be
     * at least 1 and within the object.
     */
    public InputStream read(String key, long start, long length) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(location.bucket()).key(key)
                    .range("bytes=" + start + "-" + (start + length - 1)));
            return in;
        } catch (SdkException e) {
            throw failure("cannot read " + describe(key), e);
        }
    }

    /** Deletes the object; deleting one that is not there is no error (S3 says the same). */
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(key));
        } catch (SdkException e) {
            throw failure("cannot delete " + describe(key), e);
        }
    }

    private String describe(String key) {
        return "s3://" + location.bucket() + "/" + key;
    }

    /** The SDK's words (they hold the status, the error code and the request id), never credentials. */
    private static IOException failure(String what, SdkException e) {
        String detail = e instanceof SdkServiceException s && s.statusCode() > 0
                ? "HTTP " + s.statusCode() + ": " + e.getMessage() : e.getMessage();
        return new IOException(what + ": " + detail, e);
    }

    @Override
    public void close() {
        client.close();
    }

    /** An object's head. */
    public record ObjectInfo(long size, Instant lastModified, String contentType, Map<String, String> metadata) {
        public ObjectInfo {
            metadata = Map.copyOf(metadata);
        }
    }
}
