#!/bin/sh
# Live topology benchmark (JMH, sample time): ClusterState rebuild after one pod change, Topology.of and
# HaFindings.evaluate, the whole pipeline, and two baselines, at 500 nodes / 10,000 pods (every benchmark) and at
# 5,000 nodes / 100,000 pods (the main ones, fewer iterations); then the heap after GC at each size.
# Usage: bench/topology.sh [small|all (all)] [extra JMH options for both runs, e.g. -i 10]
# Results: target/topology-bench-500.txt, target/topology-bench-5000.txt; see docs/performance.md.
set -e
cd "$(dirname "$0")/.."
SIZES="${1:-all}"
[ $# -gt 0 ] && shift
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
B=io.neurectomy.console.bench.TopologyBench
echo "load before: $(cat /proc/loadavg)"
java -cp "$CP" org.openjdk.jmh.Main "$B" -p nodes=500 -wi 3 -w 1 -i 5 -r 1 \
    -rf text -rff target/topology-bench-500.txt "$@"
java -Xmx6g -cp "$CP" io.neurectomy.console.bench.TopologyHeap 500
if [ "$SIZES" = all ]; then
    java -cp "$CP" org.openjdk.jmh.Main "$B\.(rebuild|topologyAndFindings|total|baselineFullConversion)$" \
        -p nodes=5000 -wi 2 -w 2 -i 3 -r 2 -rf text -rff target/topology-bench-5000.txt "$@"
    java -Xmx6g -cp "$CP" io.neurectomy.console.bench.TopologyHeap 5000
fi
echo "load after: $(cat /proc/loadavg)"
