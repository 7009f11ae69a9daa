#!/usr/bin/env bash
# Builds the ovstub recorder image, or the ovstub server image, with no registry access: the root filesystem is
# assembled from this machine (a jlink'ed JRE of the local JDK, the shared libraries ldd says it, bash and the
# FFmpeg natives need, busybox for the shell tools, DejaVu fonts), then imported into the engine with
# `podman import` (or `docker import`). Same contract and layout as recorder-image/Dockerfile (server:
# server-image/Dockerfile). Both images hold the same runnable jar; only the entry point and defaults differ.
#
#   recorder-image/build-local.sh [recorder]      # needs openvidu-server-stub/target/openvidu-server-stub-<version>.jar
#   recorder-image/build-local.sh server          # the server image (server-image/build-local.sh runs this)
#
# Environment (all optional):
#   ENGINE   podman (default) or docker          IMAGE   image name (default localhost/ovstub-recorder,
#                                                        server: localhost/ovstub-server)
#   VERSION  tag (default: the project version)  JAR     the runnable jar (default: target/ of the server module)
#   JDK      the JDK to take the JRE from (default: the java on PATH's home)
#   CONTAINERS_CONF  podman's configuration; when unset and DOCKER_HOST is the socket .ci/podman-setup.sh made
#            (unix://DIR/podman.sock), DIR/containers.conf, so that podman here runs as that engine does
#
# Debian packages used: busybox-static, bash, fontconfig-config + fonts-dejavu-core, a JDK 17+ with jmods
# (openjdk-17-jdk-headless). Prints the image reference on its last line.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
say() { echo "build-local: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

KIND="${1:-recorder}"
case "$KIND" in
    recorder|server) ;;
    *) die "unknown image '$KIND': recorder (default) or server" ;;
esac

ENGINE="${ENGINE:-podman}"
if [ "$ENGINE" = podman ] && [ -z "${CONTAINERS_CONF:-}" ]; then
    case "${DOCKER_HOST:-}" in unix://*/podman.sock)
        conf="$(dirname "${DOCKER_HOST#unix://}")/containers.conf"
        if [ -f "$conf" ]; then
            export CONTAINERS_CONF="$conf"
            say "podman configuration: $conf"
        fi ;;
    esac
fi
IMAGE="${IMAGE:-localhost/ovstub-$KIND}"
VERSION="${VERSION:-$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)}"
[ -n "$VERSION" ] || die "cannot read the project version from $ROOT/pom.xml; set VERSION"
JAR="${JAR:-$ROOT/openvidu-server-stub/target/openvidu-server-stub-$VERSION.jar}"
if [ -z "${JDK:-}" ]; then
    JDK="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
BUSYBOX="${BUSYBOX:-/bin/busybox}"

[ -f "$JAR" ] || die "$JAR is missing: build it first with  mvn -B -pl openvidu-server-stub -am package -DskipTests"
command -v "$ENGINE" >/dev/null || die "$ENGINE is not installed"
[ -x "$JDK/bin/jlink" ] && [ -d "$JDK/jmods" ] || die "$JDK has no jlink/jmods (Debian: openjdk-17-jdk-headless); set JDK"
[ -x "$BUSYBOX" ] && "$BUSYBOX" --list | grep -qx mkfifo || die "$BUSYBOX is not a full busybox (Debian: busybox-static)"
unzip -v >/dev/null 2>&1 || command -v jar >/dev/null || die "need unzip or jar"

WORK="$(mktemp -d /tmp/ovstub-recorder-image.XXXXXX)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
RFS="$WORK/rootfs"
mkdir -p "$RFS"/{usr/bin,usr/lib/x86_64-linux-gnu,usr/lib64,usr/local/bin,etc,tmp,root,opt/ovstub,proc,sys,dev}
if [ "$KIND" = server ]; then
    mkdir -p "$RFS/opt/openvidu/recordings"   # OpenVidu 1.8's default openvidu.recording.path
else
    mkdir -p "$RFS/recordings" "$RFS/recorder"
fi
chmod 1777 "$RFS/tmp"
# merged /usr, as on Debian 12: /bin, /lib, /lib64 are links into /usr
ln -s usr/bin "$RFS/bin"
ln -s usr/lib "$RFS/lib"
ln -s usr/lib64 "$RFS/lib64"
ln -s bin "$RFS/usr/sbin"
ln -s usr/bin "$RFS/sbin"

MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs
# the server's Docker runtime: docker-java's Unix socket transport needs jdk.net
[ "$KIND" = server ] && MODULES="$MODULES,jdk.net"
say "JRE: jlink from $JDK"
"$JDK/bin/jlink" --output "$RFS/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --generate-cds-archive \
    --add-modules "$MODULES"

say "$KIND jar: $JAR"
cp "$JAR" "$RFS/opt/ovstub/$KIND.jar"
if [ "$KIND" = server ]; then
    install -m 0755 "$ROOT/server-image/ovstub-server" "$RFS/usr/local/bin/ovstub-server"
else
    install -m 0755 "$HERE/ovstub-recorder" "$RFS/usr/local/bin/ovstub-recorder"
fi

say "shell tools: busybox + bash"
cp "$BUSYBOX" "$RFS/usr/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    case "$applet" in busybox|bash|init|linuxrc) continue ;; esac
    [ -e "$RFS/usr/bin/$applet" ] || ln -s busybox "$RFS/usr/bin/$applet"
done
cp "$(readlink -f /bin/bash)" "$RFS/usr/bin/bash"   # the stop command is  bash -c "echo 'q' > stop"

say "fonts (the recorder draws names and a clock with AWT)"
mkdir -p "$RFS/usr/share/fonts/truetype" "$RFS/etc/fonts"
if [ -d /usr/share/fonts/truetype/dejavu ]; then
    mkdir -p "$RFS/usr/share/fonts/truetype/dejavu"
    cp /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf "$RFS/usr/share/fonts/truetype/dejavu/"
else
    say "warning: no DejaVu fonts (Debian: fonts-dejavu-core); text may not render"
fi
[ -d /etc/fonts ] && cp -rL /etc/fonts/. "$RFS/etc/fonts/"

say "natives: FFmpeg from the jar"
NAT="$WORK/natives"
mkdir -p "$NAT"
(cd "$NAT" && unzip -q -o "$JAR" 'org/bytedeco/*/linux-x86_64/*' 2>/dev/null || jar xf "$JAR" org/bytedeco)
BUNDLED="$(find "$NAT" -name '*.so*' -type f -printf '%h\n' | sort -u | paste -sd:)"

say "shared libraries (ldd)"
elves=("$RFS/usr/bin/bash")
while IFS= read -r -d '' f; do elves+=("$f"); done < <(find "$RFS/opt/java" "$NAT" -type f \( -name '*.so*' -o -path '*/bin/*' \) -print0)
# dlopen'ed, not linked: fontconfig (AWT fonts)
for extra in libfontconfig.so.1; do
    p="$(ldconfig -p | awk -v l="$extra" '$1 == l && /x86-64/ {print $NF; exit}')"
    [ -n "$p" ] && elves+=("$p") || say "warning: $extra not found on this machine"
done
LIBS="$WORK/libs.txt"
: > "$LIBS"
for f in "${elves[@]}"; do
    head -c 4 "$f" 2>/dev/null | grep -q ELF || continue
    case "$f" in /*/opt/java/*|"$NAT"/*) ;; *) echo "$f" >> "$LIBS" ;; esac
    LD_LIBRARY_PATH="$BUNDLED:$RFS/opt/java/lib:$RFS/opt/java/lib/server" ldd "$f" 2>/dev/null \
        | awk '/=> \// {print $3} /^[ \t]*\/.*ld-linux/ {print $1}' >> "$LIBS" || true
done
# libraries of the libraries (ldd is already transitive, but the dlopen'ed ones were listed as files)
n=0
for lib in $(sort -u "$LIBS"); do
    case "$lib" in "$NAT"/*|"$RFS"/*) continue ;; esac
    real="$(readlink -f "$lib")"
    name="$(basename "$lib")"
    case "$name" in ld-linux-x86-64.so.2)
        cp -n "$real" "$RFS/usr/lib64/$name"; continue ;;
    esac
    cp -n "$real" "$RFS/usr/lib/x86_64-linux-gnu/$(basename "$real")"
    [ "$(basename "$real")" = "$name" ] || ln -sf "$(basename "$real")" "$RFS/usr/lib/x86_64-linux-gnu/$name"
    n=$((n + 1))
done
[ -e "$RFS/usr/lib64/ld-linux-x86-64.so.2" ] || cp "$(readlink -f /lib64/ld-linux-x86-64.so.2)" "$RFS/usr/lib64/ld-linux-x86-64.so.2"
say "$n shared libraries copied"

cat > "$RFS/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$RFS/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
echo "/usr/lib/x86_64-linux-gnu" > "$RFS/etc/ld.so.conf"

TAR="$WORK/rootfs.tar"
tar -C "$RFS" --numeric-owner --owner=0 --group=0 -cf "$TAR" .
say "importing $(du -h "$TAR" | cut -f1) into $ENGINE as $IMAGE:$VERSION"
changes=(
    --change 'ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin'
    --change 'ENV JAVA_HOME=/opt/java'
    --change 'ENV HOME=/root'
    --change 'ENV LANG=C.UTF-8'
    # one label per --change: podman import reads  LABEL a=1 b=2  as the single label a="1 b=2"
    --change "LABEL org.opencontainers.image.title=ovstub-$KIND"
    --change "LABEL org.opencontainers.image.version=$VERSION"
)
if [ "$KIND" = server ]; then
    changes+=(
        --change 'ENTRYPOINT ["/usr/local/bin/ovstub-server"]'
        --change 'WORKDIR /opt/ovstub'
        --change 'EXPOSE 8443'
    )
else
    changes+=(
        --change 'ENTRYPOINT ["/usr/local/bin/ovstub-recorder"]'
        --change 'WORKDIR /recorder'
        --change 'ENV STOP_FILE=/recorder/stop'
        --change 'ENV RECORDINGS_PATH=/recordings'
    )
fi
"$ENGINE" import "${changes[@]}" "$TAR" "$IMAGE:$VERSION" >&2

if [ "$KIND" = server ]; then
    say "smoke test in $ENGINE: java and the jar"
    smoke='java -version 2>&1 | head -n 1 && test -s /opt/ovstub/server.jar && pwd'
else
    say "smoke test in $ENGINE: java, bash and the stop command"
    smoke='java -version 2>&1 | head -n 1 && bash -c "echo q > stop" && test "$(cat stop)" = q && pwd'
fi
"$ENGINE" run --rm --network host --entrypoint /bin/sh "$IMAGE:$VERSION" -c "$smoke" >&2 \
    || die "the image does not run (see above)"
echo "$IMAGE:$VERSION"
