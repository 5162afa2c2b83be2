#!/usr/bin/env bash
# Packaging test: builds the .deb, installs it with dpkg -i, runs the CLI from PATH, opens the installed app's
# window on the sandbox under Xvfb, removes and purges the package and checks that only the user's settings remain.
# Needs root (or sudo), dpkg, fakeroot, xvfb-run and xwininfo (x11-utils). Prints one "ok"/"FAIL" line per check.
#
#   installers/test-deb.sh              builds first (installers/build.sh, .deb only)
#   installers/test-deb.sh FILE.deb     tests a .deb already built
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
name=monitoring-console

if [ $# -ge 1 ]; then
    deb="$1"
else
    INSTALLER_TYPES=deb DEB_COMPRESSION="${DEB_COMPRESSION:-gzip}" installers/build.sh
    deb="$(ls target/installers/${name}_*.deb)"
fi
version="$(sed -n 's/^version=//p' target/classes/console-version.properties)"

failures=0
check() { # check DESCRIPTION COMMAND...
    local what="$1"; shift
    if "$@"; then echo "ok    $what"; else echo "FAIL  $what"; failures=$((failures + 1)); fi
}

# A user of our own: settings, logs and kubeconfig in a temporary home, never the real one.
home="$(mktemp -d)"
app_pid=""
cleanup() {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; fi
    if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "installed"; then $SUDO dpkg --purge "$name" >/dev/null; fi
    rm -rf "$home"
}
trap cleanup EXIT
# Java takes user.home from the password database, not from HOME: _JAVA_OPTIONS points it at the temporary home.
as_user() {
    env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$home" LANG=C.UTF-8 _JAVA_OPTIONS="-Duser.home=$home" "$@"
}

if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "installed"; then
    echo "error: $name is already installed; remove it first (dpkg --purge $name)" >&2
    exit 1
fi

echo "== Installing $deb"
$SUDO dpkg -i "$deb"
dpkg -L "$name" | sort > "$home/installed-files"

check "the command is /usr/bin/$name" test "$(as_user sh -c "command -v $name")" = "/usr/bin/$name"
check "the launcher is the app image's" test "$(readlink -f /usr/bin/$name)" = "/opt/$name/bin/$name"
check "the desktop entry is installed" grep -q "^Exec=/opt/$name/bin/$name" "/usr/share/applications/$name.desktop"
check "the icon is installed" test -s "/usr/share/icons/hicolor/256x256/apps/$name.png"
check "the package depends on GTK 3" sh -c "dpkg-query -W -f='\${Depends}' $name | grep -q libgtk-3-0"
check "the package brings its own Java runtime" test -x "/opt/$name/lib/runtime/bin/java"

echo "== CLI from PATH"
out="$(as_user "$name" --version 2>&1)" || true
check "'$name --version' prints $version" grep -q "^$name $version" <<<"$out"
echo "$out" | sed 's/^/      /'
mkdir -p "$home/.kube"
cat > "$home/.kube/config" <<'KUBE'
apiVersion: v1
kind: Config
clusters:
- name: staging
  cluster: {server: "https://127.0.0.1:9"}
- name: prod
  cluster: {server: "https://127.0.0.1:9"}
users:
- name: admin
  user: {token: not-a-real-token}
contexts:
- name: staging-admin
  context: {cluster: staging, user: admin}
- name: prod-admin
  context: {cluster: prod, user: admin, namespace: monitoring}
current-context: prod-admin
KUBE
out="$(as_user "$name" contexts 2>&1)" && code=0 || code=$?
check "'$name contexts' exits 0" test "$code" = 0
lists_both() { grep -q "staging-admin" <<<"$out" && grep -q "prod-admin" <<<"$out"; }
check "'$name contexts' lists both contexts of ~/.kube/config" lists_both
echo "$out" | sed 's/^/      /'
rm -rf "$home/.kube"

echo "== The installed app's window on the sandbox (Xvfb)"
cat > "$home/open-window.sh" <<'OPEN'
#!/usr/bin/env bash
# Runs inside xvfb-run: starts the app, waits (up to a deadline that only catches a hang) for its window, then for
# the sandbox that starts behind it.
name="$1"; log="$2"
"$name" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do   # 5 minutes
    if xwininfo -root -tree 2>/dev/null | grep -q '"Monitoring Console"'; then
        xwininfo -root -tree | grep '"Monitoring Console"' | head -1 >"$log.window"
        cp "$log" "$log.at-window"   # what it said up to its window (a kill later may add shutdown noise)
        # The window comes first; the sandbox starts behind it. Wait for it (the deadline only catches a hang).
        for _ in $(seq 1 600); do
            grep -q -s "Sandbox cluster listening" "$log" "$HOME/.local/state/monitoring-console/logs/console.log" \
                && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill "$pid"; wait "$pid" 2>/dev/null
        exit 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "the app exited before its window appeared" >&2; exit 1; }
    sleep 0.5
done
kill "$pid"; wait "$pid" 2>/dev/null
exit 1
OPEN
chmod +x "$home/open-window.sh"
# No kubeconfig in this home: the app opens on the sandbox, as for a newcomer.
as_user xvfb-run -a -s "-screen 0 1400x900x24" "$home/open-window.sh" "$name" "$home/app.log" && code=0 || code=$?
check "the window 'Monitoring Console' appeared" test "$code" = 0
if [ -f "$home/app.log.window" ]; then sed 's/^ */      /' "$home/app.log.window"; fi
check "the sandbox started (its kubeconfig line is logged)" \
    grep -q -s "Sandbox cluster listening" "$home/app.log" "$home/.local/state/monitoring-console/logs/console.log"
check "no 'Unsupported JavaFX configuration' warning" sh -c "! grep -q 'Unsupported JavaFX configuration' '$home/app.log'"
check "no exception on the console before the window" sh -c "test -f '$home/app.log.at-window' && ! grep -q -E 'Exception|Error:' '$home/app.log.at-window'"
if [ "$failures" -gt 0 ]; then sed 's/^/      | /' "$home/app.log" | head -60; fi
user_files="$(cd "$home" && find . -path ./app.log\* -prune -o -type f -print | sort)"
echo "      files the app left in the user's home:"; echo "$user_files" | sed 's/^/        /'

echo "== Removing and purging"
$SUDO dpkg -r "$name" >/dev/null
$SUDO dpkg --purge "$name" >/dev/null
check "the package is gone" sh -c "! dpkg-query -W -f='\${Status}' $name 2>/dev/null | grep -q installed"
leftovers="$(while read -r f; do if [ -e "$f" ] || [ -L "$f" ]; then [ -d "$f" ] && [ ! -L "$f" ] && continue; echo "$f"; fi; done < "$home/installed-files")"
check "no file of the package is left" test -z "$leftovers"
[ -z "$leftovers" ] || echo "$leftovers" | head -20 | sed 's/^/      left: /'
check "/opt/$name is gone" test ! -e "/opt/$name"
check "/usr/bin/$name is gone" test ! -e "/usr/bin/$name" -a ! -L "/usr/bin/$name"
check "the user's settings are still there" test -n "$(cd "$home" && find .config .local/state -type f 2>/dev/null | head -1)"

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "All packaging checks passed."
