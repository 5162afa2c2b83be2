#!/bin/sh
# Drill benchmark: time to recovery of a drill (node-failure, storage-failure or cluster-loss) on the full
# sandbox, per round, against the deployment guide's figure (5, 15 and 15 minutes); storage-failure and
# cluster-loss restore from S3Proxy, in-process; cluster-loss rebuilds the stack on a second sandbox.
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
