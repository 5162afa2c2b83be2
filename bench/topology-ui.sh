#!/bin/sh
# Topology UI benchmark: FX-thread time per live refresh of a 500-node / 10,000-pod topology (headless Monocle;
# set GLASS=gtk under xvfb-run for the real glass toolkit).
# Usage: bench/topology-ui.sh [nodes (500)] [pods (10000)] [refreshes per series (200)] [pods changed per refresh (5)]
set -e
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
if [ "${GLASS:-}" = "gtk" ]; then
    PLATFORM="-Dglass.platform=gtk"
else
    PLATFORM="-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dprism.text=t2k"
fi
# shellcheck disable=SC2086
exec java -Xmx1g $PLATFORM -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.neurectomy.console.bench.TopologyUiBench "$@"
