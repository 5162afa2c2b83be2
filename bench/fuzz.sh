#!/bin/sh
# Coverage-guided fuzzing of every fuzz target (the *FuzzTest classes, Jazzer), each for the same time.
# Usage: bench/fuzz.sh [minutes per target (5; fractions allowed)] [package.Class#method ...]
# Per target it prints executions, new corpus entries and findings. Each target runs in its own JVM (FuzzMain) in
# target/fuzz/<Class>-<method>/: its log (fuzz.log), the corpus it grew (.cifuzz-corpus/) and any finding
# (crash-*, timeout-*, oom-*) stay there. Keep a finding as a regression case: fix what it shows, then move the file
# into src/test/resources/<package>/<Class>Inputs/<method>/. Results: docs/fuzzing.md.
# A run stops after its minutes (SIGINT; libFuzzer prints its final statistics), or at 60 minutes (@FuzzTest).
set -e
cd "$(dirname "$0")/.."
MINUTES=${1:-5}
[ $# -gt 0 ] && shift
TARGETS="$*"
if [ -z "$TARGETS" ]; then
    TARGETS="core.config.ConfigFuzzTest#prometheusConfig core.config.ConfigFuzzTest#ruleFile
        core.config.ConfigFuzzTest#alertmanagerConfig core.config.ConfigFuzzTest#promql
        core.stack.StackRenderFuzzTest#valuesFile core.cluster.KubeconfigFuzzTest#load
        core.backup.archive.ArchiveFuzzTest#archive core.backup.archive.ArchiveFuzzTest#manifest
        core.backup.operations.SilencesFuzzTest#plan core.util.TextFuzzTest#logLine core.util.TextFuzzTest#metricsText
        core.endpoints.ApiAnswersFuzzTest#alertmanagerAlertsAndSilences
        core.endpoints.ApiAnswersFuzzTest#alertmanagerStatus core.endpoints.ApiAnswersFuzzTest#prometheusTargets
        core.endpoints.PortForwardFuzzTest#frames"
fi
SECONDS_EACH=$(awk "BEGIN { print int($MINUTES * 60) }")
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test
ROOT=$(pwd)
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/bench-classpath.txt)"
printf '%-62s %12s %8s %9s\n' target executions "new corp" findings
TOTAL_FINDINGS=0
for t in $TARGETS; do
    case "$t" in io.neurectomy.*) full=$t ;; *) full=io.neurectomy.console.$t ;; esac
    name=$(echo "${full##*.}" | tr '#' '-')
    dir=target/fuzz/$name
    rm -rf "$dir/fuzz.log" && mkdir -p "$dir"
    # timeout sends SIGINT so that libFuzzer stops as after its own time limit; -k: the JVM ends for sure.
    (cd "$dir" && JAZZER_FUZZ=1 timeout -s INT -k 60 "$SECONDS_EACH" java -cp "$CP" \
        io.neurectomy.console.bench.FuzzMain "$full" > fuzz.log 2>&1) || true
    execs=$(grep -a 'stat::number_of_executed_units' "$dir/fuzz.log" | tail -1 | awk '{print $2}')
    if [ -z "$execs" ]; then
        execs=$(grep -a -o '^#[0-9]*' "$dir/fuzz.log" | tail -1 | tr -d '#')
    fi
    added=$(grep -a 'stat::new_units_added' "$dir/fuzz.log" | tail -1 | awk '{print $2}')
    if [ -z "$added" ]; then
        added=$(grep -a -c -E '^#[0-9]+[[:space:]]+NEW' "$dir/fuzz.log" || true)
    fi
    findings=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    TOTAL_FINDINGS=$((TOTAL_FINDINGS + findings))
    printf '%-62s %12s %8s %9s\n' "${full#io.neurectomy.console.}" "${execs:-?}" "${added:-?}" "$findings"
done
echo "findings in total: $TOTAL_FINDINGS (files under target/fuzz/*/)"
