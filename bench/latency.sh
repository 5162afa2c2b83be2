#!/bin/sh
# Sandbox latency benchmark: how long the console takes to see a node fault, a forward to reconnect after its pod
# is deleted, a waiting forward worker's CPU, AlertmanagerPeersProbe.close(), a connect timeout. These are the
# latencies the functional tests do not assert (they wait for the event with a deadline that only catches hangs).
# Needs /usr/bin/prometheus and /usr/bin/prometheus-alertmanager (or on PATH).
# Usage: bench/latency.sh [rounds (5)]
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test -Dcheckstyle.skip
echo "load before: $(cat /proc/loadavg)"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.SandboxLatencyBench "$@"
echo "load after: $(cat /proc/loadavg)"
