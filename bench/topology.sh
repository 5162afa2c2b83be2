#!/bin/sh
# Live topology benchmark (JMH): StackState rebuild after one pod change, Topology.of + HaFindings.evaluate, the
# whole pipeline, and two baselines, at 500 nodes / 10,000 pods and 5,000 nodes / 100,000 pods; then the heap
# after GC at both sizes.
# Usage: bench/topology.sh [nodes, comma-separated (500,5000)] [extra JMH options, e.g. -wi 5 -i 10]
set -e
cd "$(dirname "$0")/.."
NODES="${1:-500,5000}"
[ $# -gt 0 ] && shift
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -cp "$CP" org.openjdk.jmh.Main 'io.neurectomy.console.bench.TopologyBench' -p nodes="$NODES" \
    -rf text -rff target/topology-bench.txt "$@"
for n in $(echo "$NODES" | tr ',' ' '); do
    java -Xmx6g -cp "$CP" io.neurectomy.console.bench.TopologyHeap "$n"
done
