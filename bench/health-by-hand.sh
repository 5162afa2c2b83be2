#!/bin/bash
# The deployment guide's health check done by hand, as the baseline of bench/health.sh: kubectl get for the
# workloads, pods and claims, then one stream into the pod per API page read (the guide's "kubectl exec … curl"
# per check; the sandbox's servers listen on their own host ports, so each stream is a kubectl port-forward and a
# curl through it). Prints nothing but errors; its time is the measure.
# Usage: bench/health-by-hand.sh KUBECONFIG [NAMESPACE (monitoring)]
set -u
export KUBECONFIG="$1"
NS="${2:-monitoring}"
kubectl get statefulsets,deployments -n "$NS" > /dev/null
kubectl get pods -n "$NS" > /dev/null
kubectl get pvc -n "$NS" > /dev/null

# One port-forward and one curl: what one "kubectl exec POD -- curl localhost:PORT/PATH" costs by hand.
ask() {
    local pod="$1" port="$2" path="$3" out
    out=$(mktemp)
    kubectl port-forward -n "$NS" "pod/$pod" ":$port" > "$out" 2>&1 &
    local pf=$!
    local local_port=""
    for _ in $(seq 1 100); do
        local_port=$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) .*/\1/p' "$out" | head -1)
        [ -n "$local_port" ] && break
        sleep 0.05
    done
    if [ -n "$local_port" ]; then
        curl -s -m 5 "http://127.0.0.1:$local_port$path" > /dev/null || echo "no answer: $pod $path" >&2
    else
        echo "no forward: $pod" >&2
    fi
    kill "$pf" 2> /dev/null
    wait "$pf" 2> /dev/null
    rm -f "$out"
}

for pod in $(kubectl get pods -n "$NS" -l app=prometheus -o name | cut -d/ -f2); do
    for path in /-/ready /api/v1/status/runtimeinfo /api/v1/targets /api/v1/rules /api/v1/status/tsdb /metrics \
            /api/v1/alertmanagers "/api/v1/query?query=up" /api/v1/status/config; do
        ask "$pod" 9090 "$path"
    done
done
for pod in $(kubectl get pods -n "$NS" -l app=alertmanager -o name | cut -d/ -f2); do
    for path in /-/ready /api/v2/status /metrics; do
        ask "$pod" 9093 "$path"
    done
done
for pod in $(kubectl get pods -n "$NS" -l app=grafana -o name | cut -d/ -f2); do
    ask "$pod" 3000 /api/health 2> /dev/null
done
exit 0
