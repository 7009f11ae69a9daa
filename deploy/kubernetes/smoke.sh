#!/usr/bin/env bash
# Records one session end to end on a real single-node cluster (kind or k3s) with the kubernetes runtime:
# builds both images from this checkout, loads them into the cluster, applies openvidu-server-stub.yaml, then,
# through the 2.x REST API, creates a session, joins a simulated publisher, records 5 s, stops (a Job recorded it),
# downloads the MP4 and checks it (ffprobe when present). Exits non-zero on the first failure.
#
#   deploy/kubernetes/smoke.sh kind     # a kind cluster (kind create cluster) and docker or podman for the images
#   deploy/kubernetes/smoke.sh k3s      # k3s on this machine (images imported with k3s ctr)
#
# Not run by CI (no cluster there): the runtime is tested against fabric8's mock API server in mvn verify.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavour=${1:?usage: smoke.sh kind|k3s}
version=0.1.0-SNAPSHOT
ns=openvidu
secret=smoke-$RANDOM$RANDOM
log() { echo "== $*"; }

log "Building the images (no registry)"
recorder-image/build-local.sh
server-image/build-local.sh
for image in localhost/ovstub-recorder:$version localhost/ovstub-server:$version; do
  case $flavour in
    kind)
      if command -v docker >/dev/null; then kind load docker-image "$image"
      else podman save "$image" -o /tmp/ovstub-image.tar && kind load image-archive /tmp/ovstub-image.tar; fi ;;
    k3s)
      podman save "$image" -o /tmp/ovstub-image.tar && sudo k3s ctr images import /tmp/ovstub-image.tar ;;
    *) echo "unknown flavour $flavour (kind or k3s)"; exit 2 ;;
  esac
done

log "Applying the manifests (secret: $secret)"
kubectl apply -f deploy/kubernetes/openvidu-server-stub.yaml
kubectl -n $ns create secret generic openvidu-secret --from-literal=OPENVIDU_SECRET="$secret" \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl -n $ns rollout restart deployment/openvidu-server-stub
kubectl -n $ns rollout status deployment/openvidu-server-stub --timeout=180s

log "Port-forwarding the server to https://localhost:18443"
kubectl -n $ns port-forward service/openvidu-server-stub 18443:8443 >/tmp/ovstub-port-forward.log 2>&1 &
forward=$!
trap 'kill $forward 2>/dev/null || true' EXIT
api() { curl -ksS -u "OPENVIDUAPP:$secret" -H 'Content-Type: application/json' "$@"; }
for _ in $(seq 60); do api -o /dev/null https://localhost:18443/openvidu/api/config && break; sleep 1; done
field() { sed -E "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"([^\"]*)\".*/\1/"; }

log "A session, a publisher, a recording"
session=$(api -X POST https://localhost:18443/openvidu/api/sessions -d '{}' | field id)
token=$(api -X POST "https://localhost:18443/openvidu/api/sessions/$session/connection" -d '{}' | field token)
api -X POST https://localhost:18443/stub/participants \
  -d "{\"session\":\"$session\",\"token\":\"$token\",\"publish\":true}" >/dev/null
api -X POST https://localhost:18443/openvidu/api/recordings/start \
  -d "{\"session\":\"$session\",\"resolution\":\"640x360\"}" | grep -q '"status":"started"'
kubectl -n $ns get jobs -l app.kubernetes.io/managed-by=openvidu-server-stub
sleep 5
stopped=$(api -X POST "https://localhost:18443/openvidu/api/recordings/stop/$session")
echo "$stopped" | grep -q '"status":"ready"' || { echo "not ready: $stopped"; exit 1; }

log "Downloading and checking the MP4"
api -o /tmp/ovstub-smoke.mp4 "https://localhost:18443/openvidu/recordings/$session/$session.mp4"
test "$(stat -c %s /tmp/ovstub-smoke.mp4)" -gt 10000
if command -v ffprobe >/dev/null; then
  ffprobe -v error -show_entries stream=codec_type,width,height -of csv=p=0 /tmp/ovstub-smoke.mp4
fi
log "OK: session $session recorded by a Job, $(stat -c %s /tmp/ovstub-smoke.mp4) bytes"
