#!/bin/sh
# Port-forward benchmark: a console Forward (own listener + one fabric8 stream per connection) vs fabric8's
# LocalPortForward vs a direct loopback connection vs kubectl port-forward (when kubectl is on PATH), on the sandbox
# relay.
# Usage: bench/forward.sh [MiB per download (200)] [round trips (2000)] [runs (3)] [new connections per run (300)]
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.PortForwardBench "$@"
