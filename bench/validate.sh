#!/bin/sh
# Validation latency of a 60-rule file: the built-in validator in process vs `promtool check rules` as a process
# (JMH, sample time, microseconds). Needs promtool on PATH (Debian package prometheus).
# Usage: bench/validate.sh [extra JMH options, e.g. -i 10]
# Results: target/validate-bench.txt; see docs/performance.md.
set -e
cd "$(dirname "$0")/.."
command -v promtool >/dev/null || { echo "promtool is not on PATH: apt-get install prometheus" >&2; exit 2; }
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
echo "promtool: $(promtool --version 2>&1 | head -1)"
echo "load before: $(cat /proc/loadavg)"
java -cp "$CP" org.openjdk.jmh.Main 'io.neurectomy.console.bench.ValidateBench' \
    -rf text -rff target/validate-bench.txt "$@"
echo "load after: $(cat /proc/loadavg)"
