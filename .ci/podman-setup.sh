#!/usr/bin/env bash
# Installs podman (+ runc) from Debian and serves the Docker Engine API on a Unix socket in a private folder, for
# the Docker recording runtime's real-engine tests. No TCP port: only the folder's owner (and root) can reach it.
#
#   .ci/podman-setup.sh [DIR]     (env PODMAN_DIR works too; default ${XDG_RUNTIME_DIR:-/tmp}/ovstub-podman-<uid>)
#   export DOCKER_HOST=$(.ci/podman-setup.sh | tail -n 1)
#
# DIR is created with mode 0700 if missing; an existing DIR must be a directory (not a link) owned by the caller
# with mode 0700, else the script refuses it. It holds:
#   podman.sock       the API socket: DOCKER_HOST=unix://DIR/podman.sock (the last line of standard output)
#   podman.pid        the pid of the API service, to stop exactly it:  kill "$(cat DIR/podman.pid)"
#   containers.conf   podman's configuration for this service and for the podman commands run against it
#                     (export CONTAINERS_CONF=DIR/containers.conf; recorder-image/build-local.sh finds it from
#                     DOCKER_HOST). /etc/containers is left untouched.
#   podman.log        the service's output
# Idempotent: when DIR's socket already answers, it is reused. Everything but the last line goes to standard
# error. Exits non-zero, saying why, when the engine cannot be started or cannot run a container.
#
# Also installs what recorder-image/build-local.sh needs (busybox-static, fonts-dejavu-core). The whole chain:
#   export DOCKER_HOST=$(.ci/podman-setup.sh | tail -n 1)
#   mvn -B -pl openvidu-server-stub -am package -DskipTests && recorder-image/build-local.sh
#   mvn -B -pl openvidu-server-stub test -Dtest='dev.ovstub.server.internal.recording.runtime.docker.**'
# Stop the service afterwards with  kill "$(cat DIR/podman.pid)".

set -euo pipefail

say() { echo "podman-setup: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

DIR="${1:-${PODMAN_DIR:-${XDG_RUNTIME_DIR:-/tmp}/ovstub-podman-$(id -u)}}"
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac

# A private folder: ours, a real directory, nobody else may enter it.
if [ ! -e "$DIR" ] && [ ! -L "$DIR" ]; then
    (umask 077 && mkdir -p "$DIR") || die "cannot create $DIR"
fi
[ -d "$DIR" ] && [ ! -L "$DIR" ] || die "$DIR is not a directory (or is a symbolic link): refusing it"
[ "$(stat -c %u "$DIR")" = "$(id -u)" ] || die "$DIR is not owned by uid $(id -u): refusing it"
[ "$(stat -c %a "$DIR")" = 700 ] || die "$DIR has mode $(stat -c %a "$DIR"), not 700: refusing it (others could reach the socket)"

SOCK="$DIR/podman.sock"
PIDFILE="$DIR/podman.pid"
LOG="$DIR/podman.log"
export CONTAINERS_CONF="$DIR/containers.conf"
HOST="unix://$SOCK"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "must run as root or with sudo available"
    SUDO="sudo -n"
fi
# podman with this folder's configuration (sudo does not pass the environment on)
pm() { $SUDO env CONTAINERS_CONF="$CONTAINERS_CONF" podman "$@"; }

ping_ok() { [ -S "$SOCK" ] && curl -fsS --max-time 2 --unix-socket "$SOCK" http://podman/_ping >/dev/null 2>&1; }

# The pid in podman.pid, if it is still the API service of this folder's socket.
service_pid() {
    local pid
    pid="$(cat "$PIDFILE" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    $SUDO cat "/proc/$pid/cmdline" 2>/dev/null | tr '\0' ' ' | grep -qF "system service --time=0 $HOST" || return 1
    echo "$pid"
}

# Runs a container from a 2 MB busybox image made here (no registry): proves the engine can run containers.
can_run() {
    if ! pm image exists localhost/ovstub-probe:1 2>/dev/null; then
        local d
        d="$(mktemp -d)"
        mkdir -p "$d/bin"
        cp /bin/busybox "$d/bin/busybox"
        ln -s busybox "$d/bin/sh"
        ln -s busybox "$d/bin/true"
        tar -C "$d" -cf "$d.tar" . && pm import "$d.tar" localhost/ovstub-probe:1 >/dev/null 2>&1
        rm -rf "$d" "$d.tar"
    fi
    pm run --rm --network host localhost/ovstub-probe:1 /bin/true
}

# These machines need runc (crun fails) and explicit ulimits (the defaults exceed the sandbox's hard limits).
# CONTAINERS_CONF replaces the system's containers.conf for whoever has it in the environment, and only them.
printf '%s\n' '[containers]' 'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]' '' \
    '[engine]' 'runtime = "runc"' > "$CONTAINERS_CONF"

if ping_ok; then
    say "an engine already answers on ${HOST}"
    echo "${HOST}"
    exit 0
fi

packages=()
command -v podman >/dev/null 2>&1 || packages+=(podman)
command -v runc >/dev/null 2>&1 || packages+=(runc)
command -v curl >/dev/null 2>&1 || packages+=(curl)
# podman builds a pod's pause image from catatonit (podman kube play: the Kubernetes pod-template test)
command -v catatonit >/dev/null 2>&1 || [ -x /usr/libexec/podman/catatonit ] || packages+=(catatonit)
[ -x /bin/busybox ] && /bin/busybox --list | grep -qx mkfifo || packages+=(busybox-static)
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
if [ "${#packages[@]}" -gt 0 ]; then
    say "installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2 || die "apt-get update failed"
    # No recommends: podman's (buildah, criu, fuse-overlayfs, ...) are not needed to serve the API as root.
    $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2 || die "apt-get install ${packages[*]} failed"
fi

# A service of this folder that no longer answers (e.g. its working directory was deleted): replace it.
if old="$(service_pid)"; then
    say "the service of ${HOST} (pid $old) does not answer: stopping it"
    $SUDO kill "$old" 2>/dev/null || true
    for _ in $(seq 1 50); do $SUDO kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$PIDFILE"
$SUDO rm -f "$SOCK"

say "starting podman system service on ${HOST} (log: ${LOG})"
# setsid: the service outlives this script and the CI step's process group. The inner shell writes its own pid
# (which exec hands on to podman) so that exactly this service can be stopped later.
# From /: conmon needs the service's working directory to exist for as long as the service runs.
(cd / && exec $SUDO env CONTAINERS_CONF="$CONTAINERS_CONF" setsid sh -c 'echo $$ > "$1"; exec podman system service --time=0 "$2"' \
    sh "$PIDFILE" "$HOST" >"${LOG}" 2>&1 < /dev/null) &

for _ in $(seq 1 100); do
    if ping_ok; then
        [ -z "$SUDO" ] || $SUDO chown "$(id -u)" "$SOCK"
        say "engine up: podman $(pm version --format '{{.Server.Version}}' 2>/dev/null), pid $(cat "$PIDFILE" 2>/dev/null), Docker API on ${HOST}"
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
