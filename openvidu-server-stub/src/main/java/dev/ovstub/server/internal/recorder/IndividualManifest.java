package dev.ovstub.server.internal.recorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The archive of an OpenVidu 2.x INDIVIDUAL recording and its manifest: this class owns that part of the recorder
 * contract in both directions, {@link #writeArchive} for the recorder and {@link #readArchive} for the server.
 *
 * <p>The archive {@code <name>.zip} holds one media file per recorded stream (stored, not compressed again) and the
 * manifest {@code <name>.json} (OpenVidu 2.x's wire contract §3.13):
 * <pre>{"createdAt": 1700000000000, "id": "ses_X", "name": "ses_X", "sessionId": "ses_X",
 *  "files": [{"name": "str_CAM_Ab1c_con_X.webm", "connectionId": "con_X", "streamId": "str_CAM_Ab1c_con_X",
 *             "size": 123456, "clientData": "alice", "serverData": "", "hasAudio": true, "hasVideo": true,
 *             "typeOfVideo": "CAMERA", "startTimeOffset": 1200, "endTimeOffset": 5400}]}</pre>
 * Offsets are milliseconds from the start of the recording; {@code typeOfVideo} is left out of files without video.
 *
 * @param recording the recording the archive is of
 * @param files     the stream files, in the order their streams started
 */
public record IndividualManifest(Header recording, List<StreamFile> files) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public IndividualManifest {
        Objects.requireNonNull(recording, "recording");
        files = List.copyOf(files);
    }

    /**
     * The recording an archive is of, as its manifest names it.
     *
     * @param createdAt ms since the epoch
     */
    public record Header(long createdAt, String id, String name, String sessionId) {
        public Header {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * One stream file of the archive.
     *
     * @param name            file name inside the archive
     * @param size            bytes
     * @param clientData      the publisher's client data (its metadata)
     * @param startTimeOffset ms from the start of the recording to the first moment of the stream in the file
     * @param endTimeOffset   ms from the start of the recording to the end of the file
     */
    public record StreamFile(String name, String connectionId, String streamId, long size, String clientData,
                             String serverData, boolean hasAudio, boolean hasVideo, String typeOfVideo,
                             long startTimeOffset, long endTimeOffset) {
        public StreamFile {
            Objects.requireNonNull(name, "name");
        }

        /** The same file with its final size. */
        public StreamFile withSize(long bytes) {
            return new StreamFile(name, connectionId, streamId, bytes, clientData, serverData, hasAudio, hasVideo,
                    typeOfVideo, startTimeOffset, endTimeOffset);
        }
    }

    /** The manifest's name inside the archive of recording {@code recordingName}. */
    public static String manifestName(String recordingName) {
        return recordingName + ".json";
    }

    /** Sum of the stream files' sizes: the recording's {@code size} (2.x: not the archive's size). */
    public long totalSize() {
        long sum = 0;
        for (StreamFile f : files) sum += f.size();
        return sum;
    }

    /** Last end minus first start, in seconds: the recording's {@code duration}; 0 without files. */
    public double durationSeconds() {
        if (files.isEmpty()) return 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (StreamFile f : files) {
            first = Math.min(first, f.startTimeOffset());
            last = Math.max(last, f.endTimeOffset());
        }
        return (last - first) / 1000.0;
    }

    /** The manifest's JSON. */
    public byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("createdAt", recording.createdAt());
        root.put("id", recording.id());
        root.put("name", recording.name());
        root.put("sessionId", recording.sessionId());
        ArrayNode list = root.putArray("files");
        for (StreamFile f : files) {
            ObjectNode o = list.addObject();
            o.put("name", f.name());
            o.put("connectionId", f.connectionId());
            o.put("streamId", f.streamId());
            o.put("size", f.size());
            o.put("clientData", f.clientData());
            o.put("serverData", f.serverData());
            o.put("hasAudio", f.hasAudio());
            o.put("hasVideo", f.hasVideo());
            if (f.hasVideo()) o.put("typeOfVideo", f.typeOfVideo());
            o.put("startTimeOffset", f.startTimeOffset());
            o.put("endTimeOffset", f.endTimeOffset());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest", e);
        }
    }

    /**
     * Parses a manifest.
     *
     * @throws IOException naming what is wrong when it is not one
     */
    public static IndividualManifest parse(byte[] json) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException("the manifest is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IOException("the manifest is not a JSON object");
        Header header = new Header(number(root, "createdAt", "the manifest"), requiredText(root, "id", "the manifest"),
                requiredText(root, "name", "the manifest"), text(root.get("sessionId")));
        JsonNode list = root.get("files");
        if (list == null || !list.isArray()) throw new IOException("the manifest has no files array");
        List<StreamFile> files = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String where = "file " + i + " of the manifest";
            if (!f.isObject()) throw new IOException(where + " is not an object");
            String name = requiredText(f, "name", where);
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals("..")) {
                throw new IOException(where + " has an invalid name '" + name + "'");
            }
            long size = number(f, "size", where);
            long start = number(f, "startTimeOffset", where);
            long end = number(f, "endTimeOffset", where);
            if (size < 0) throw new IOException(where + " has a negative size");
            if (start < 0 || end < start) {
                throw new IOException(where + " has invalid offsets " + start + ".." + end);
            }
            files.add(new StreamFile(name, text(f.get("connectionId")), text(f.get("streamId")), size,
                    text(f.get("clientData")), text(f.get("serverData")), f.path("hasAudio").asBoolean(false),
                    f.path("hasVideo").asBoolean(false), text(f.get("typeOfVideo")), start, end));
        }
        return new IndividualManifest(header, files);
    }

    /**
     * Reads the manifest of the archive of recording {@code recordingName} and checks that every file it lists is in
     * the archive with the size it says.
     *
     * @throws IOException naming what is wrong: no archive, not a ZIP, no manifest, an invalid manifest, a file
     *                     missing or of another size
     */
    public static IndividualManifest readArchive(Path zip, String recordingName) throws IOException {
        if (!Files.isRegularFile(zip)) throw new IOException("the archive " + zip.getFileName() + " does not exist");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            String manifestName = manifestName(recordingName);
            ZipEntry entry = z.getEntry(manifestName);
            if (entry == null) throw new IOException("the archive " + zip.getFileName() + " has no manifest " + manifestName);
            IndividualManifest m;
            try (InputStream in = z.getInputStream(entry)) {
                m = parse(in.readAllBytes());
            }
            for (StreamFile f : m.files()) {
                ZipEntry e = z.getEntry(f.name());
                if (e == null) throw new IOException("the archive " + zip.getFileName() + " lacks " + f.name() + ", listed in its manifest");
                if (e.getSize() != f.size()) {
                    throw new IOException("in the archive " + zip.getFileName() + ", " + f.name() + " has " + e.getSize()
                            + " bytes, its manifest says " + f.size());
                }
            }
            return m;
        } catch (java.util.zip.ZipException e) {
            throw new IOException("the archive " + zip.getFileName() + " is not a readable ZIP: " + e.getMessage());
        }
    }

    /**
     * Writes the archive {@code zip}: the stream files (read from {@code folder}, stored as they are) and the
     * manifest. Written next to it first and moved into place, so {@code zip} is always either its previous content
     * or the whole archive.
     */
    public void writeArchive(Path zip, Path folder) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
            for (StreamFile f : files) {
                Path file = folder.resolve(f.name());
                ZipEntry e = new ZipEntry(f.name());
                e.setMethod(ZipEntry.STORED); // media is compressed already
                e.setSize(Files.size(file));
                e.setCompressedSize(e.getSize());
                e.setCrc(crc(file));
                z.putNextEntry(e);
                Files.copy(file, z);
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry(manifestName(recording.name())));
            z.write(toJson());
            z.closeEntry();
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes an archive with no entries at all: what {@code zip} holds while the recording runs. */
    static void writeEmptyArchive(Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.setComment("recording in progress");
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) crc.update(buf, 0, n);
        }
        return crc.getValue();
    }

    private static long number(JsonNode n, String field, String where) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) throw new IOException(where + " has no number " + field);
        return v.asLong();
    }

    private static String requiredText(JsonNode n, String field, String where) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IOException(where + " has no text " + field);
        return v.asText();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
