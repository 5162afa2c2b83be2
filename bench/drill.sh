#!/bin/sh
# Drill benchmark: time to recovery of a drill (node-failure or storage-failure) on the full sandbox, per round,
# against the deployment guide's figure (5 and 15 minutes); storage-failure restores from S3Proxy, in-process.
# Needs /usr/bin/prometheus and /usr/bin/prometheus-alertmanager (or on PATH).
# Usage: bench/drill.sh [scenario (node-failure)] [rounds (3)]
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test -Dcheckstyle.skip
echo "load before: $(cat /proc/loadavg)"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.DrillBench "$@"
echo "load after: $(cat /proc/loadavg)"
