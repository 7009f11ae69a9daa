#!/usr/bin/env bash
# Installs podman (+ runc) from Debian and serves the Docker Engine API on tcp://127.0.0.1:$PORT, for the
# Docker recording runtime's real-engine test. Idempotent: a second run reuses what the first set up.
#
#   .ci/podman-setup.sh [PORT]        (default 2375; env PODMAN_PORT works too)
#   export DOCKER_HOST=$(.ci/podman-setup.sh | tail -n 1)
#
# The last line of standard output is the DOCKER_HOST to use; everything else goes to standard error.
# Exits non-zero, saying why, when the engine cannot be started or cannot run a container.
#
# Also installs what recorder-image/build-local.sh needs (busybox-static, fonts-dejavu-core). The whole chain:
#   export DOCKER_HOST=$(.ci/podman-setup.sh | tail -n 1)
#   mvn -B -pl openvidu-server-stub -am package -DskipTests && recorder-image/build-local.sh
#   mvn -B -pl openvidu-server-stub test -Dtest='dev.ovstub.server.internal.recording.runtime.docker.**'

set -euo pipefail

PORT="${1:-${PODMAN_PORT:-2375}}"
HOST="tcp://127.0.0.1:${PORT}"
LOG="${PODMAN_LOG:-/tmp/podman-service-${PORT}.log}"
say() { echo "podman-setup: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

ping_ok() { curl -fsS --max-time 2 "http://127.0.0.1:${PORT}/_ping" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "must run as root or with sudo available"
    SUDO="sudo -n"
fi

# Runs a container from a 2 MB busybox image made here (no registry): proves the engine can run containers.
can_run() {
    if ! $SUDO podman image exists localhost/ovstub-probe:1 2>/dev/null; then
        local d
        d="$(mktemp -d)"
        mkdir -p "$d/bin"
        cp /bin/busybox "$d/bin/busybox"
        ln -s busybox "$d/bin/sh"
        ln -s busybox "$d/bin/true"
        tar -C "$d" -cf "$d.tar" . && $SUDO podman import "$d.tar" localhost/ovstub-probe:1 >/dev/null 2>&1
        rm -rf "$d" "$d.tar"
    fi
    $SUDO podman run --rm --network host localhost/ovstub-probe:1 /bin/true
}

if ping_ok; then
    say "an engine already answers on ${HOST}"
    echo "${HOST}"
    exit 0
fi

packages=()
command -v podman >/dev/null 2>&1 || packages+=(podman)
command -v runc >/dev/null 2>&1 || packages+=(runc)
command -v curl >/dev/null 2>&1 || packages+=(curl)
[ -x /bin/busybox ] && /bin/busybox --list | grep -qx mkfifo || packages+=(busybox-static)
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
if [ "${#packages[@]}" -gt 0 ]; then
    say "installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2 || die "apt-get update failed"
    # No recommends: podman's (buildah, criu, fuse-overlayfs, ...) are not needed to serve the API as root.
    $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2 || die "apt-get install ${packages[*]} failed"
fi

# These machines need runc (crun fails) and explicit ulimits (the defaults exceed the sandbox's hard limits).
CONF=/etc/containers/containers.conf
WANT='[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"'
if [ "$(cat "$CONF" 2>/dev/null || true)" != "$WANT" ]; then
    say "writing $CONF"
    $SUDO mkdir -p /etc/containers
    printf '%s\n' "$WANT" | $SUDO tee "$CONF" >/dev/null
fi

say "starting podman system service on ${HOST} (log: ${LOG})"
# setsid: the service outlives this script and the CI step's process group.
# From /: conmon needs the service's working directory to exist for as long as the service runs.
(cd / && exec $SUDO setsid nohup podman system service --time=0 "${HOST}" >"${LOG}" 2>&1 < /dev/null) &

for _ in $(seq 1 100); do
    if ping_ok; then
        say "engine up: podman $($SUDO podman version --format '{{.Server.Version}}' 2>/dev/null), Docker API on ${HOST}"
        if ! out="$(can_run 2>&1)"; then
            die "podman serves ${HOST} but cannot run a container: ${out}"
        fi
        say "a container ran: ok"
        echo "${HOST}"
        exit 0
    fi
    sleep 0.2
done
say "last lines of ${LOG}:"
tail -n 20 "${LOG}" >&2 || true
die "podman did not answer ${HOST}/_ping within 20 s"
