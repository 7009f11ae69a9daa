package dev.ovstub.server.internal.assembly;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The FFmpeg natives recording needs: bytedeco ships them, one jar per platform, for the platforms in
 * {@link #SUPPORTED}; the server's POM picks the one of the platform Maven runs on. Checked when a recording
 * server starts, so that an unsupported platform or a missing natives jar is one clear message rather than an
 * {@link UnsatisfiedLinkError} deep in a recorder.
 */
public final class NativePlatform {
    /** The platforms bytedeco ships FFmpeg and JavaCPP natives for, in JavaCPP's names. */
    public static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-arm64", "macosx-x86_64", "macosx-arm64",
            "windows-x86_64");

    private NativePlatform() {}

    /** JavaCPP's name of a platform ({@code linux-x86_64}, {@code macosx-arm64}...) from Java's os.name and os.arch. */
    static String of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT).trim();
        String os;
        if (name.startsWith("linux")) {
            os = "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "macosx";
        } else if (name.startsWith("windows")) {
            os = "windows";
        } else {
            os = name.replaceAll("[^a-z0-9]", "");
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT).trim()) {
            case "amd64", "x86_64", "x86-64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> osArch.toLowerCase(Locale.ROOT).trim();
        };
        return os + "-" + arch;
    }

    /** Why recording cannot run on this platform, or empty if bytedeco ships natives for it. */
    static Optional<String> unsupported(String osName, String osArch) {
        String platform = of(osName, osArch);
        if (SUPPORTED.contains(platform)) {
            return Optional.empty();
        }
        return Optional.of("recording needs FFmpeg natives for " + String.join(", ", SUPPORTED) + "; this is "
                + platform + " (os.name " + osName + ", os.arch " + osArch + "). Run with recording off "
                + "(openvidu.recording=false), or on one of those platforms");
    }

    /** Why recording cannot run with these classes, or empty if the natives of this platform are on them. */
    static Optional<String> problem(String osName, String osArch, ClassLoader classes) {
        Optional<String> unsupported = unsupported(osName, osArch);
        if (unsupported.isPresent()) {
            return unsupported;
        }
        String platform = of(osName, osArch);
        String folder = "org/bytedeco/ffmpeg/" + platform + "/";
        boolean present = classes.getResource(folder) != null
                || classes.getResource(folder + "libjniavutil.so") != null
                || classes.getResource(folder + "libjniavutil.dylib") != null
                || classes.getResource(folder + "jniavutil.dll") != null;
        if (present) {
            return Optional.empty();
        }
        return Optional.of("recording needs the FFmpeg natives for " + platform + " on the class path, and they are "
                + "not there: add org.bytedeco:ffmpeg and org.bytedeco:javacpp with classifier " + platform
                + " (same versions as the org.bytedeco:ffmpeg and javacpp jars already there). Maven adds them "
                + "itself; Gradle and other tools only get the linux-x86_64 ones");
    }

    /** Throws naming the problem unless recording can load FFmpeg on this JVM. */
    static void requireFfmpegNatives() {
        problem(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"),
                NativePlatform.class.getClassLoader()).ifPresent(p -> {
                    throw new IllegalStateException(p);
                });
    }
}
