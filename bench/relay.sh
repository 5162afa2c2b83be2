#!/bin/sh
# Port-forward relay benchmark: throughput and latency through the sandbox relay vs a direct loopback connection.
# Usage: bench/relay.sh [MiB per download (200)] [round trips (2000)] [runs (3)]
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.PortForwardRelayBench "$@"
