#!/bin/sh
# Pod log reading: the console's PodLogs (masking, levels, batches) against fabric8's bare log request and
# `kubectl logs --tail` (when on PATH), on a generated Prometheus-style log served by the sandbox.
# Usage: bench/logs.sh [lines (200000)] [runs (3)]
# Results: docs/performance.md, "Pod logs".
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.LogsBench "$@"
