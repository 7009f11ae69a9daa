package dev.ovstub.server.internal.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which FFmpeg natives recording needs, and the message on a platform bytedeco ships none for. */
class NativePlatformTest {

    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, linux-x86_64",
            "Linux, aarch64, linux-arm64",
            "Mac OS X, x86_64, macosx-x86_64",
            "Mac OS X, aarch64, macosx-arm64",
            "Windows 11, amd64, windows-x86_64",
            "Windows Server 2022, amd64, windows-x86_64",
    })
    void theSupportedPlatformsAreNamedAsJavaCppAndTheirClassifiersNameThem(String osName, String osArch, String platform) {
        assertThat(NativePlatform.of(osName, osArch)).isEqualTo(platform);
        assertThat(NativePlatform.unsupported(osName, osArch)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "FreeBSD, amd64, freebsd-x86_64",
            "Linux, ppc64le, linux-ppc64le",
            "Linux, arm, linux-arm",
            "Windows 10, x86, windows-x86",
            "SunOS, sparcv9, sunos-sparcv9",
    })
    void anotherPlatformIsRefusedByAMessageNamingItAndTheSupportedOnes(String osName, String osArch, String platform) {
        assertThat(NativePlatform.unsupported(osName, osArch)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("recording needs FFmpeg natives for linux-x86_64, linux-arm64, macosx-x86_64, "
                        + "macosx-arm64, windows-x86_64; this is " + platform)
                .contains("os.name " + osName).contains("os.arch " + osArch)
                .contains("openvidu.recording=false"));
    }

    @Test
    void theNativesOfThisMachineAreOnTheTestClassPath() {
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        if (NativePlatform.unsupported(osName, osArch).isEmpty()) {
            assertThat(NativePlatform.problem(osName, osArch, getClass().getClassLoader())).isEmpty();
        }
    }

    @Test
    void aSupportedPlatformWithoutItsNativesJarIsToldWhichArtifactsToAdd() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(NativePlatform.problem("Mac OS X", "aarch64", empty)).hasValueSatisfying(m -> assertThat(m)
                    .contains("FFmpeg natives for macosx-arm64")
                    .contains("org.bytedeco:ffmpeg").contains("classifier macosx-arm64"));
        }
    }

    @Test
    void aNativesJarOfAnotherPlatformDoesNotCount() {
        String other = System.getProperty("os.arch").equals("aarch64") ? "amd64" : "aarch64";
        assertThat(NativePlatform.problem("Linux", other, getClass().getClassLoader()))
                .as("only the natives of this machine are on the test class path")
                .hasValueSatisfying(m -> assertThat(m).contains("on the class path"));
    }
}
