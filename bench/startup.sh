#!/usr/bin/env bash
# Time from launch to the first window shown: the console next to a bare JavaFX window (bench/startup/HelloWindow.java)
# started the same way, interleaved (console, hello, console, hello, ...) so that both see the same load.
#
# usage: bench/startup.sh [runs (5)]
#
# Cases (each against its own hello-world baseline):
#   jar         java -jar target/monitoring-console.jar          hello: java -cp HELLO:target/lib/javafx-*.jar
#   jar+cds     the same with -XX:SharedArchiveFile=target/monitoring-console.jsa (an AppCDS archive the bench
#               makes first by a training run with -XX:ArchiveClassesAtExit)
#   app         target/installers/monitoring-console/bin/monitoring-console (installers/build.sh; skipped when
#               there is no app image); its launcher uses the AppCDS archive built at packaging time
#   app-nocds   the app image's runtime and class path, started with java without the app's archive (JDK classes
#               still from the runtime's jlink CDS archive)
#   app hello   the app image's runtime: lib/runtime/bin/java --add-modules javafx.controls (JavaFX on the module path)
# each on the sandbox (no kubeconfig: the console opens the embedded sandbox) and on an unreachable cluster
# (--kubeconfig to a server on a closed port).
#
# "Window shown" is the end of the first pulse of the shown window (its first frame laid out and handed to the
# renderer): the console then appends "window-shown EPOCH_MS TITLE" to the file that MONITORING_CONSOLE_REPORT_SHOWN
# names, the hello-world likewise. The time is that moment minus the moment the bench started the process (the same clock).
# Every launch gets an empty home (no kubeconfig, no settings), runs under one Xvfb server, and is stopped (SIGTERM,
# which also stops the sandbox) once its window was shown; the bench waits for it to exit before the next launch.
#
# Needs Xvfb (apt-get install xvfb) unless DISPLAY is set, and the jar (built when missing: mvn -o package).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
runs="${1:-5}"

work="$root/target/startup-bench"
rm -rf "$work"
mkdir -p "$work"

if [ ! -f target/monitoring-console.jar ]; then
    echo "Building the jar (mvn -o package -DskipTests)"
    mvn -B -q -o package -DskipTests -Dcheckstyle.skip
fi

# The hello-world, compiled against the project's JavaFX jars (the platform jars Maven put in target/lib).
fx_cp=""
for jar in target/lib/javafx-*.jar; do
    if [[ "$(basename "$jar")" =~ ^javafx-[a-z]+-[0-9][0-9.]*-[a-z0-9-]+\.jar$ ]]; then fx_cp="$fx_cp:$root/$jar"; fi
done
fx_cp="${fx_cp#:}"
[ -n "$fx_cp" ] || { echo "error: no platform JavaFX jars in target/lib" >&2; exit 1; }
javac -d "$work/hello" -cp "$fx_cp" bench/startup/HelloWindow.java

# One X server for all launches.
xvfb_pid=""
cleanup() {
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
    command -v Xvfb >/dev/null || { echo "error: no DISPLAY and no Xvfb: apt-get install xvfb" >&2; exit 1; }
    command -v xdpyinfo >/dev/null || command -v xwininfo >/dev/null \
        || { echo "error: needs xwininfo to see the X server up: apt-get install x11-utils" >&2; exit 1; }
    for n in $(seq 91 140); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
    done
    Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    export DISPLAY="$display"
    for _ in $(seq 1 100); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
    xwininfo -root >/dev/null 2>&1 || { echo "error: Xvfb did not start: $(cat "$work/xvfb.log")" >&2; exit 1; }
fi

# A kubeconfig whose API server cannot be reached: a loopback port nothing listens on.
closed_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
unreachable="$work/unreachable.kubeconfig"
cat >"$unreachable" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: unreachable
  cluster:
    server: https://127.0.0.1:$closed_port
users:
- name: admin
  user:
    token: not-a-secret
contexts:
- name: unreachable
  context: {cluster: unreachable, user: admin, namespace: monitoring}
current-context: unreachable
EOF

# launch LABEL COMMAND...: starts the command with a fresh home, prints ms to its window (or "failed").
launch() {
    local label="$1"; shift
    local home out start shown pid
    home="$(mktemp -d "$work/home.XXXXXX")"
    out="$home/shown"
    start="${EPOCHREALTIME/./}"
    env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$home/.local/state" \
        XDG_DATA_HOME="$home/.local/share" XDG_CACHE_HOME="$home/.cache" KUBECONFIG="" \
        JAVA_TOOL_OPTIONS="-Duser.home=$home" MONITORING_CONSOLE_REPORT_SHOWN="$out" \
        "$@" >"$home/stdout" 2>"$home/stderr" &
    pid=$!
    shown=""
    for _ in $(seq 1 3000); do
        shown="$(awk '/^window-shown /{print $2; exit}' "$out" 2>/dev/null || true)"
        [ -n "$shown" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -z "$shown" ]; then
        echo "$label: no window (see $home/stderr)" >&2
        echo failed
        return
    fi
    echo $(( shown - start / 1000 ))
}

# The cases: name, console command, hello command.
cases=()
jar_cmd="java -jar $root/target/monitoring-console.jar"
hello_jar="java -cp $work/hello:$fx_cp HelloWindow"
cases+=("jar, sandbox|$jar_cmd|$hello_jar")
cases+=("jar, unreachable cluster|$jar_cmd --kubeconfig $unreachable|$hello_jar")

jsa="$root/target/monitoring-console.jsa"
echo "Training run for the jar's AppCDS archive ($jsa)"
rm -f "$jsa"
launch train java -XX:ArchiveClassesAtExit="$jsa" -jar "$root/target/monitoring-console.jar" >/dev/null
if [ -f "$jsa" ]; then
    jar_cds="java -XX:SharedArchiveFile=$jsa -jar $root/target/monitoring-console.jar"
    cases+=("jar+AppCDS, sandbox|$jar_cds|$hello_jar")
    cases+=("jar+AppCDS, unreachable cluster|$jar_cds --kubeconfig $unreachable|$hello_jar")
else
    echo "no archive made: the jar+AppCDS cases are left out" >&2
fi

app="$root/target/installers/monitoring-console"
if [ -x "$app/bin/monitoring-console" ]; then
    app_java="$app/lib/runtime/bin/java"
    hello_app="$app_java --add-modules javafx.controls -cp $work/hello HelloWindow"
    cases+=("app image, sandbox|$app/bin/monitoring-console|$hello_app")
    cases+=("app image, unreachable cluster|$app/bin/monitoring-console --kubeconfig $unreachable|$hello_app")
    # The same app without its AppCDS archive: the launcher's options but -XX:SharedArchiveFile.
    opts="$(sed -n 's/^java-options=//p' "$app/lib/app/monitoring-console.cfg" | grep -v SharedArchiveFile \
        | sed "s|\$APPDIR|$app/lib/app|g" | tr '\n' ' ')"
    cp_app="$(sed -n 's/^app.classpath=//p' "$app/lib/app/monitoring-console.cfg" | sed "s|\$APPDIR|$app/lib/app|g" \
        | paste -sd: -)"
    app_nocds="$app_java $opts -cp $cp_app io.neurectomy.console.Launcher"
    cases+=("app image without AppCDS, sandbox|$app_nocds|$hello_app")
else
    echo "No app image in $app (installers/build.sh): the installed-app cases are left out"
fi

echo
echo "Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
echo "Load before: $(cat /proc/loadavg)"
echo "Runs: $runs per case, console and hello-world interleaved"
echo

results="$work/results.txt"
: >"$results"
for r in $(seq 1 "$runs"); do
    for c in "${cases[@]}"; do
        IFS='|' read -r name console hello <<<"$c"
        # shellcheck disable=SC2086
        t_console="$(launch "$name" $console)"
        # shellcheck disable=SC2086
        t_hello="$(launch "$name (hello)" $hello)"
        printf '%s|%s|%s|%s|%s\n' "$name" "$r" "$t_console" "$t_hello" "$(cut -d' ' -f1 /proc/loadavg)" \
            | tee -a "$results"
    done
done
echo
echo "Load after: $(cat /proc/loadavg)"
echo

# Median and spread (min-max) per case, and the ratio of the medians.
python3 - "$results" <<'EOF'
import statistics, sys
rows = {}
order = []
for line in open(sys.argv[1]):
    name, run, c, h, load = line.rstrip("\n").split("|")
    if name not in rows:
        rows[name] = []
        order.append(name)
    rows[name].append((c, h, float(load)))
print(f"| case | console median (min–max) | hello-world median (min–max) | console / hello | ratio per run | load |")
print("|---|---|---|---|---|---|")
for name in order:
    ok = [(int(c), int(h), l) for c, h, l in rows[name] if c != "failed" and h != "failed"]
    failed = len(rows[name]) - len(ok)
    if not ok:
        print(f"| {name} | failed | | | | |")
        continue
    cs = [c for c, _, _ in ok]
    hs = [h for _, h, _ in ok]
    loads = [l for _, _, l in ok]
    mc, mh = statistics.median(cs), statistics.median(hs)
    per_run = sorted(c / h for c, h, _ in ok)
    note = f" ({failed} failed)" if failed else ""
    print(f"| {name}{note} | {mc/1000:.2f} s ({min(cs)/1000:.2f}–{max(cs)/1000:.2f}) "
          f"| {mh/1000:.2f} s ({min(hs)/1000:.2f}–{max(hs)/1000:.2f}) | **{mc/mh:.2f}×** "
          f"| {per_run[0]:.2f}–{per_run[-1]:.2f} | {min(loads):.1f}–{max(loads):.1f} |")
EOF
