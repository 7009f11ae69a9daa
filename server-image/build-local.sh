#!/usr/bin/env bash
# Builds the ovstub server image (localhost/ovstub-server:<version>) with no registry access, from this machine's
# files, as recorder-image/build-local.sh does for the recorder: the same root filesystem, the server's entry point.
# Same environment variables (ENGINE, IMAGE, VERSION, JAR, JDK, CONTAINERS_CONF); prints the image reference on its
# last line. Needs openvidu-server-stub/target/openvidu-server-stub-<version>.jar (mvn -B package -DskipTests).
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/../recorder-image/build-local.sh" server "$@"
