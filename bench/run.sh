#!/usr/bin/env bash
# Runs every benchmark of issue 7 (client, server as a test double, recorder, stop latency, memory) side by side
# with its peer on this machine, and writes bench/results.md.
#
#   bench/run.sh            full run, ~30 minutes on 2 cores; writes bench/results.md
#   bench/run.sh --quick    smoke run, ~10 minutes; fewer and shorter runs; writes bench/results-quick.md
#   bench/run.sh [--quick] --only STEP[,STEP...]
#                           runs only these steps again (names as in the "steps" table of the results), keeps the
#                           other steps' figures from the previous run, and writes the results file again; the
#                           steps table says when and at which commit each step ran ("--only report": none, just
#                           write the results file again, e.g. after editing bench/analysis.md)
#
# Needs: Java 17+, Maven 3.8.7+, ffmpeg and ffprobe (Debian: apt-get install ffmpeg), flock (util-linux).
# Maven builds what is needed (mvn -Pbench -DskipTests package); set BENCH_MVN_OFFLINE=1 to add -o.
# Every Maven call and every measuring step runs under the lock file $BENCH_LOCK (default /tmp/ovstub-mvn.lock),
# so that no build on a shared machine competes for CPU with a measurement; the lock is released between steps.
# Raw logs: integration-tests/target/bench/out/logs/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOCK=${BENCH_LOCK:-/tmp/ovstub-mvn.lock}
QUICK=false
ONLY=
while (( $# )); do
  case "$1" in
    --quick) QUICK=true ;;
    --only) ONLY=",${2:?--only needs step names},"; shift ;;
    *) echo "usage: $0 [--quick] [--only STEP[,STEP...]]" >&2; exit 2 ;;
  esac
  shift
done
RESULTS=$ROOT/bench/results.md
$QUICK && RESULTS=$ROOT/bench/results-quick.md

for tool in java mvn ffmpeg ffprobe flock; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required (ffmpeg: apt-get install ffmpeg)" >&2; exit 2; }
done

IT=$ROOT/integration-tests
OUT=$IT/target/bench/out
$QUICK && OUT=$IT/target/bench/out-quick
START=$(date +%s)

echo "bench: building (mvn -Pbench -DskipTests package, under $LOCK)"
MVN_FLAGS=(-B -q -Pbench -DskipTests)
[[ -n "${BENCH_MVN_OFFLINE:-}" ]] && MVN_FLAGS+=(-o)
(cd "$ROOT" && flock "$LOCK" mvn "${MVN_FLAGS[@]}" package)

VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
JAR=$ROOT/openvidu-server-stub/target/openvidu-server-stub-$VERSION.jar
[[ -f "$JAR" ]] || { echo "bench: $JAR missing after the build" >&2; exit 1; }
CP=$IT/target/test-classes:$(cat "$IT/target/bench/classpath.txt")

[[ -z "$ONLY" ]] && rm -rf "$OUT"
mkdir -p "$OUT/logs"
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+uncommitted" || true)
JAVA=(java -cp "$CP" -Dbench.out="$OUT" -Dbench.quick=$QUICK -Dbench.official.dir="$IT/target/bench/official-client")

FAILED=()
# section <name> <main class> [args...]: one measuring step, under the lock, output to logs/<name>.log
section() {
  local name=$1; shift
  if [[ -n "$ONLY" && "$ONLY" != *",$name,"* ]]; then return; fi
  local t0=$(date +%s)
  echo "bench: $name ..."
  rm -f "$OUT/$name.md" "$OUT/targets-$name.md" "$OUT/step-$name.md"
  if (cd "$IT" && flock "$LOCK" "${JAVA[@]}" -Dbench.section="$name" "$@") >"$OUT/logs/$name.log" 2>&1; then
    echo "bench: $name done in $(( $(date +%s) - t0 )) s"
    echo "| \`$name\` | $(date -u -d "@$t0" '+%Y-%m-%d %H:%M') UTC | $COMMIT$DIRTY | $(( $(date +%s) - t0 )) s | ok |" > "$OUT/step-$name.md"
  else
    echo "bench: $name FAILED (see $OUT/logs/$name.log)" >&2
    FAILED+=("$name")
    echo "| \`$name\` | $(date -u -d "@$t0" '+%Y-%m-%d %H:%M') UTC | $COMMIT$DIRTY | $(( $(date +%s) - t0 )) s | **failed** |" > "$OUT/step-$name.md"
    printf '**This step failed in this run**; see `logs/%s.log`:\n\n```\n%s\n```\n' "$name" \
      "$(tail -n 15 "$OUT/logs/$name.log")" > "$OUT/$name.md"
  fi
}

STEPS=(client-t1 client-t8 client-real server-start server-load server-close recorder-offline recorder-realtime stop-latency memory media)
section client-t1        dev.ovstub.bench.client.ClientSection 1
section client-t8        dev.ovstub.bench.client.ClientSection 8
section client-real      dev.ovstub.bench.client.ClientSection real
section server-start     dev.ovstub.bench.server.ServerSection start "$JAR" "$IT/target/bench/wiremock-standalone.jar"
section server-load      dev.ovstub.bench.server.ServerSection load
section server-close     dev.ovstub.bench.server.CloseSection
section recorder-offline dev.ovstub.bench.recorder.RecorderSection
section recorder-realtime dev.ovstub.bench.recorder.RealtimeSection
section stop-latency     dev.ovstub.bench.recorder.StopLatencySection
section memory           dev.ovstub.bench.memory.MemorySection "$JAR"
# Browsers' WebRTC media: in a private network namespace (the java of src/test/netns runs java in one; as root).
# openvidu-browser is installed from npm first: nothing in the namespace reaches a registry.
if [[ -z "$ONLY" || "$ONLY" == *",media,"* ]] && command -v npm >/dev/null; then
  BROWSER=$IT/target/bench/browser
  mkdir -p "$BROWSER"
  cp "$IT"/src/test/browser/{package.json,package-lock.json,signalling.html} "$BROWSER/"
  if ! cmp -s "$BROWSER/package-lock.json" "$BROWSER/node_modules/.ovstub-installed-lock.json"; then
    (cd "$BROWSER" && npm ci --no-audit --no-fund --loglevel=warn --cache "$BROWSER/npm-cache" >/dev/null \
      && cp package-lock.json node_modules/.ovstub-installed-lock.json) || echo "bench: npm ci of openvidu-browser failed" >&2
  fi
fi
PLAIN_JAVA=("${JAVA[@]}")
JAVA=(env OVSTUB_REAL_JAVA="$(command -v java)" "$IT/src/test/netns/bin/java" "${PLAIN_JAVA[@]:1}"
      -Dovstub.browser.sources="$IT/src/test/browser" -Dovstub.browser.work="$IT/target/bench/browser")
section media            dev.ovstub.bench.media.MediaSection
JAVA=("${PLAIN_JAVA[@]}")

# ------------------------------------------------------------------------------------------------ results.md
frag() { if [[ -f "$OUT/$1.md" ]]; then cat "$OUT/$1.md"; else echo "(not run)"; fi; echo; }
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
JDK=$(java -version 2>&1 | sed -n 2p)
OS=$(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release 2>/dev/null || uname -sr)
FFMPEG=$(ffmpeg -hide_banner -version | head -1)

{
  echo "# Benchmark results"
  echo
  if $QUICK; then echo "**Quick smoke run (\`bench/run.sh --quick\`): fewer, shorter runs; not figures to quote.**"; echo; fi
  echo "Written by \`bench/run.sh$($QUICK && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Steps (\"+uncommitted\": tracked files"
  echo "differed from the commit):"
  echo
  echo "| step | ran at | commit | took | |"
  echo "|---|---|---|---:|---|"
  for st in "${STEPS[@]}"; do
    if [[ -f "$OUT/step-$st.md" ]]; then cat "$OUT/step-$st.md"; else echo "| \`$st\` | — | — | — | not run |"; fi
  done
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPU | $CPU, \`nproc\` = $(nproc) |"
  echo "| memory | $MEM |"
  echo "| JDK | $JDK |"
  echo "| OS | $OS, kernel $(uname -r) |"
  echo "| ffmpeg | $FFMPEG |"
  echo
  echo "The machine is shared: every measuring step ran holding the build lock, so no build ran during it, but other"
  echo "processes may have. Every figure is a median over repeated runs (forks, processes or recordings) with the"
  echo "(min–max) spread; ratios are of medians, ours / peer, taken in this same run."
  echo
  echo "## Targets"
  echo
  echo "| what | target | ours | peer | ratio | result |"
  echo "|---|---|---:|---:|---:|---|"
  for st in "${STEPS[@]}"; do
    if [[ -f "$OUT/targets-$st.md" ]]; then cat "$OUT/targets-$st.md"; fi
    if grep -q failed "$OUT/step-$st.md" 2>/dev/null; then echo "| step \`$st\` | — | failed | — | — | **not measured** |"; fi
  done
  echo
  if [[ -f "$ROOT/bench/analysis.md" ]] && ! $QUICK; then cat "$ROOT/bench/analysis.md"; echo; fi
  echo "## 1. Client: ours vs the official 1.8.0 client vs bare HttpClient 5"
  echo
  echo "JMH 1.37, SampleTime mode, \`-prof gc\`, one embedded server (plain HTTP, recording on with a fake recorder that"
  echo "costs nothing and metadata files on /dev/shm, so the cycle measures the API and the clients) in the same JVM as the client (-Xmx1g, G1)."
  echo "calls/s = threads / mean call time (a closed loop). The official client is loaded from its 1.8.0 jar (with"
  echo "httpclient 4.5.14 and json-simple 1.1.1) in an isolated class loader and called through method handles. \"Bare\" is"
  echo "the same requests by hand on a pooled HttpClient 5 with Jackson. Allocation per call: on the calling thread"
  echo "(\`getCurrentThreadAllocatedBytes\`; all of a classic client's work), and JMH's whole-JVM figure, which also holds"
  echo "the in-process server's allocation. A recording cycle is start + stop + get + delete (delete keeps the server's"
  echo "state the same from one call to the next). The official client also prints a line to standard output for each"
  echo "session and token it gets (\"Returning a SESSIONID\"): that is part of its cost here, as in an application."
  echo
  frag client-t1
  frag client-t8
  frag client-real
  echo "## 2. Server as a test double: ours vs WireMock 3.13.2"
  echo
  echo "Ours: \`OpenViduServerStub.builder().start()\` (plain HTTP, recording off, sessions and tokens really created)."
  echo "WireMock: \`WireMockServer\` (embedded, request journal off) with two stubs answering canned JSON for"
  echo "\`POST /api/sessions\` and \`POST /api/tokens\`, matched on the same Basic credentials."
  echo
  echo "### Start-up"
  echo
  frag server-start
  echo "### Requests per second"
  echo
  frag server-load
  echo "### Close"
  echo
  frag server-close
  echo "## 3. Recorder"
  echo
  echo "### Offline: ours vs the ffmpeg command line"
  echo
  frag recorder-offline
  echo "### Simultaneous real-time recordings"
  echo
  frag recorder-realtime
  echo "## 4. Stop latency"
  echo
  frag stop-latency
  echo "## 5. Memory"
  echo
  frag memory
  echo "## 6. Browsers' media (WebRTC)"
  echo
  frag media
} > "$RESULTS"

echo "bench: wrote $RESULTS in $(( ($(date +%s) - START) / 60 )) min"
if (( ${#FAILED[@]} )); then echo "bench: failed steps: ${FAILED[*]}" >&2; exit 1; fi
