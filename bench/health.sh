#!/bin/bash
# Health check benchmark: 'monitoring-console health' against the sandbox (full stack, real Prometheus and
# Alertmanager), time to a full report, next to bench/health-by-hand.sh doing the guide's equivalent by hand
# (kubectl get, then a kubectl port-forward and a curl per page read) over the same sandbox.
# Needs prometheus, prometheus-alertmanager, kubectl and curl. Usage: bench/health.sh [rounds (5)]
set -eu
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
mvn -B -o -q package -DskipTests -Dcheckstyle.skip
JAR=target/monitoring-console.jar
java -cp "$JAR" io.neurectomy.console.Launcher sandbox > target/bench-health-sandbox.out 2>&1 &
SANDBOX=$!
trap 'kill $SANDBOX 2> /dev/null; wait $SANDBOX 2> /dev/null' EXIT
KC=""
for _ in $(seq 1 600); do
    KC=$(sed -n 's/^kubeconfig: //p' target/bench-health-sandbox.out)
    [ -n "$KC" ] && break
    sleep 0.1
done
[ -n "$KC" ] || { echo "the sandbox did not start" >&2; exit 1; }
# Settled: the first healthy report (the sandbox's stack needs some seconds to form its Alertmanager cluster).
for _ in $(seq 1 60); do
    java -cp "$JAR" io.neurectomy.console.Launcher health --kubeconfig "$KC" > /dev/null 2>&1 && break
    sleep 2
done
echo "load before: $(cat /proc/loadavg)"
ms() { date +%s%3N; }
for i in $(seq 1 "$ROUNDS"); do
    t0=$(ms)
    java -cp "$JAR" io.neurectomy.console.Launcher health --kubeconfig "$KC" --output json \
        > target/bench-health.json 2> /dev/null || true
    t1=$(ms)
    report=$(python3 -c 'import json; d=json.load(open("target/bench-health.json")); print(d["tookMillis"], d["status"])')
    t2=$(ms)
    bench/health-by-hand.sh "$KC"
    t3=$(ms)
    echo "round $i: health report ${report% *} ms in-process (${report#* }), $((t1 - t0)) ms with JVM start;" \
        "by hand $((t3 - t2)) ms"
done
echo "load after: $(cat /proc/loadavg)"
