#!/usr/bin/env bash
# Builds the installers for the machine it runs on, into target/installers/:
#   Linux:   an app image, a .deb and a .rpm (the .rpm when rpmbuild is installed: apt-get install rpm)
#   macOS:   an app image and a .dmg
#   Windows: an app image and a .msi (run from Git Bash, with the WiX Toolset 3 on PATH)
# Each carries its own Java runtime, made by jlink from the JDK and from the modular JavaFX jars on Maven Central
# (JavaFX's natives taken out of the jars into the runtime's native library directory).
#
# Environment:
#   MVN_ARGS            extra Maven arguments for the jar build (e.g. "-o" offline)
#   SKIP_JAR_BUILD=1    the jar is already built (mvn -P installers package sets this)
#   INSTALLER_TYPES     which packages to make (default per OS: "deb rpm", "dmg", "msi"); "none" for the image only
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

name=monitoring-console
title="Monitoring Console"
main_class=io.neurectomy.console.Launcher
vendor="Neurectomy"
description="Desktop console for the Prometheus / Grafana / Alertmanager stack on Kubernetes"

case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=mac ;;
    MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) echo "error: no installer recipe for $(uname -s)" >&2; exit 1 ;;
esac
case "$os" in
    linux) default_types="deb rpm"; natives='*.so'; native_dir=lib ;;
    mac) default_types="dmg"; natives='*.dylib'; native_dir=lib ;;
    windows) default_types="msi"; natives='*.dll'; native_dir=bin ;;
esac
types="${INSTALLER_TYPES:-$default_types}"

step() { printf '\n== %s\n' "$*"; }

# 1. The jar and its libraries (target/monitoring-console.jar, target/lib/).
if [ "${SKIP_JAR_BUILD:-}" != 1 ]; then
    step "Building the jar"
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_ARGS:-} package -DskipTests
fi
[ -f target/monitoring-console.jar ] || { echo "error: target/monitoring-console.jar is missing" >&2; exit 1; }

# The version comes from the pom (filtered into console-version.properties by the jar build).
pom_version="$(sed -n 's/^version=//p' target/classes/console-version.properties)"
# Package formats want a plain numeric version: 0.1.0-SNAPSHOT is packaged as 0.1.0.
app_version="${pom_version%%-*}"
echo "Version: $pom_version (packaged as $app_version)"

out=target/installers
work="$out/work"
rm -rf "$out"
mkdir -p "$work/fx" "$work/natives" "$work/input/lib" "$work/icons"

# 2. JavaFX: the platform jars that Maven put in target/lib (javafx-*-linux.jar and so on) are modular jars with
# the natives inside. jlink takes the classes from copies without the natives; the natives go into the runtime.
step "Preparing JavaFX modules"
shopt -s nullglob
# The platform jars carry a classifier (javafx-base-21.0.11-linux.jar); the plain ones are empty placeholders.
fx_jars=()
for jar in target/lib/javafx-*.jar; do
    if [[ "$(basename "$jar")" =~ ^javafx-[a-z]+-[0-9][0-9.]*-[a-z0-9-]+\.jar$ ]]; then fx_jars+=("$jar"); fi
done
[ "${#fx_jars[@]}" -gt 0 ] || { echo "error: no platform JavaFX jars in target/lib" >&2; exit 1; }
for jar in "${fx_jars[@]}"; do
    base="$(basename "$jar")"
    dir="$work/fx-unpacked/${base%.jar}"
    mkdir -p "$dir"
    (cd "$dir" && jar xf "$root/$jar")
    find "$dir" -maxdepth 1 -name "$natives" -exec mv {} "$work/natives/" \;
    rm -rf "$dir/META-INF/MANIFEST.MF"
    jar --create --file "$work/fx/$base" -C "$dir" .
done
fx_modules="javafx.base,javafx.graphics,javafx.controls"

# 3. The runtime: the JDK modules the app and its libraries use, plus JavaFX, and a CDS archive of the JDK classes.
step "Linking the runtime"
jdk_modules="java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.net,jdk.naming.dns"
jdk_modules="$jdk_modules,jdk.management,jdk.httpserver,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.jfr"
cds=()
if jlink --list-plugins 2>&1 | grep -q -- --generate-cds-archive; then cds=(--generate-cds-archive); fi
jlink --module-path "$work/fx" \
    --add-modules "$jdk_modules,$fx_modules" \
    --include-locales en \
    --strip-debug --no-header-files --no-man-pages \
    "${cds[@]}" \
    --output "$work/runtime"
cp "$work"/natives/* "$work/runtime/$native_dir/"
if [ "${#cds[@]}" -eq 0 ]; then
    # A jlink without the plugin: the runtime's own java writes the same archive of the JDK classes.
    "$work/runtime/bin/java" -Xshare:dump >/dev/null
fi

# 4. The application: the jar and its libraries, without JavaFX (it is in the runtime, on the module path).
cp target/monitoring-console.jar "$work/input/"
for lib in target/lib/*.jar; do
    case "$(basename "$lib")" in javafx-*) continue ;; esac
    cp "$lib" "$work/input/lib/"
done

# 5. The icon, drawn by installers/icon/IconMaker.java in every size.
step "Drawing the icon"
java installers/icon/IconMaker.java "$work/icons"
case "$os" in
    linux) icon="$work/icons/$name.png" ;;
    mac) icon="$work/icons/$name.icns" ;;
    windows) icon="$work/icons/$name.ico" ;;
esac

# 6. The app image. ControlsFX and the theme reach into JavaFX internals, which the class path could reach before.
java_options=(
    --add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED
    --add-exports=javafx.base/com.sun.javafx.collections=ALL-UNNAMED
    --add-exports=javafx.base/com.sun.javafx.runtime=ALL-UNNAMED
    --add-exports=javafx.graphics/com.sun.javafx.scene=ALL-UNNAMED
    --add-exports=javafx.graphics/com.sun.javafx.scene.traversal=ALL-UNNAMED
    --add-exports=javafx.graphics/com.sun.javafx.css=ALL-UNNAMED
    --add-exports=javafx.graphics/com.sun.javafx.application=ALL-UNNAMED
    --add-exports=javafx.controls/com.sun.javafx.scene.control=ALL-UNNAMED
    --add-exports=javafx.controls/com.sun.javafx.scene.control.behavior=ALL-UNNAMED
    --add-opens=javafx.controls/javafx.scene.control.skin=ALL-UNNAMED
    --add-opens=javafx.graphics/javafx.scene=ALL-UNNAMED
)
jpackage_java_options=()
for option in "${java_options[@]}"; do jpackage_java_options+=(--java-options "$option"); done

step "Building the app image"
common=(--name "$name" --app-version "$app_version" --vendor "$vendor" --description "$description")
image_args=("${common[@]}"
    --type app-image
    --dest "$out"
    --runtime-image "$work/runtime"
    --input "$work/input"
    --main-jar monitoring-console.jar
    --main-class "$main_class"
    --icon "$icon"
    "${jpackage_java_options[@]}")
if [ "$os" = windows ]; then
    # A second launcher built as a console program, so that the CLI's output reaches the terminal.
    printf 'win-console=true\n' > "$work/cli-launcher.properties"
    image_args+=(--add-launcher "$name-cli=$work/cli-launcher.properties")
fi
if [ "$os" = mac ]; then image_args+=(--mac-package-name "$title"); fi
jpackage "${image_args[@]}"

case "$os" in
    linux) image="$out/$name" ;;
    mac) image="$out/$name.app" ;;
    windows) image="$out/$name" ;;
esac

# 6b. AppCDS: an archive of the classes the app loads until its first window (JavaFX, the UI, picocli, logging),
# made by a training run of the app image with -XX:ArchiveClassesAtExit; the launcher then maps it with
# -XX:SharedArchiveFile, on top of the runtime's own archive of the JDK classes (jlink --generate-cds-archive).
# The training run opens the window on a kubeconfig whose server is never asked (nothing connects at start) and
# stops a few seconds after the window is shown. It needs a display: DISPLAY, else Xvfb (apt-get install xvfb);
# without one the app image gets no AppCDS archive and starts from the jars alone. APPCDS=0 skips it.
case "$os" in
    linux) app_dir="$image/lib/app"; runtime_java="$image/lib/runtime/bin/java" ;;
    mac) app_dir="$image/Contents/app"; runtime_java="$image/Contents/runtime/Contents/Home/bin/java" ;;
    windows) app_dir="$image/app"; runtime_java="$image/runtime/bin/java.exe" ;;
esac
cfg="$app_dir/$name.cfg"
jsa="$name.jsa"
if [ "${APPCDS:-1}" != 1 ]; then
    echo "APPCDS=0: no AppCDS archive"
elif [ "$os" = linux ] && [ -z "${DISPLAY:-}" ] && ! command -v Xvfb >/dev/null 2>&1; then
    echo "No display and no Xvfb (apt-get install xvfb): no AppCDS archive, the app starts without it" >&2
else
    step "Training run for the AppCDS archive"
    # The class path exactly as the launcher passes it: the archive is used only with the same class path.
    classpath="$(sed -n 's/^app.classpath=//p' "$cfg" | sed "s|\$APPDIR|$root/$app_dir|g" | paste -sd: -)"
    train="$root/$work/train"
    mkdir -p "$train/home"
    printf '%s\n' "apiVersion: v1" "kind: Config" \
        'clusters: [{name: training, cluster: {server: "https://127.0.0.1:9"}}]' \
        'users: [{name: training, user: {token: training}}]' \
        'contexts: [{name: training, context: {cluster: training, user: training, namespace: monitoring}}]' \
        "current-context: training" >"$train/kubeconfig"
    train_display="${DISPLAY:-}"
    xvfb_pid=""
    if [ -z "$train_display" ]; then
        # A virtual display of its own; Xvfb picks a free display number and writes it to fd 3.
        Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$train/display" 2>"$train/xvfb.log" &
        xvfb_pid=$!
        for _ in $(seq 1 300); do [ -s "$train/display" ] && break; sleep 0.1; done
        train_display=":$(head -1 "$train/display")"
    fi
    # An empty home: the run neither reads nor writes the builder's settings.
    env HOME="$train/home" XDG_CONFIG_HOME="$train/home/config" XDG_STATE_HOME="$train/home/state" \
        MONITORING_CONSOLE_REPORT_SHOWN="$train/shown" DISPLAY="$train_display" \
        "$runtime_java" -XX:ArchiveClassesAtExit="$root/$app_dir/$jsa" -Duser.home="$train/home" \
        "${java_options[@]}" -cp "$classpath" "$main_class" --kubeconfig "$train/kubeconfig" \
        >"$train/stdout" 2>"$train/stderr" &
    train_pid=$!
    shown=""
    for _ in $(seq 1 3000); do
        if grep -qs '^window-shown ' "$train/shown"; then shown=1; break; fi
        kill -0 "$train_pid" 2>/dev/null || break
        sleep 0.1
    done
    # A few seconds more: the first frames' rendering and CSS classes load after the window is shown.
    if [ -n "$shown" ]; then sleep 3; fi
    # The JVM writes the archive as it exits on SIGTERM.
    kill -TERM "$train_pid" 2>/dev/null || true
    wait "$train_pid" 2>/dev/null || true
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; fi
    if [ -n "$shown" ] && [ -s "$app_dir/$jsa" ]; then
        # Used only at the path it was made for (JDK 17 checks the class path): moved elsewhere, as the packages
        # install the image to /opt, the JVM ignores it; -Xlog:cds*=off keeps its warning off the CLI's output.
        printf '%s\n' "java-options=-XX:SharedArchiveFile=\$APPDIR/$jsa" "java-options=-Xlog:cds*=off" >>"$cfg"
        echo "AppCDS archive: $app_dir/$jsa ($(du -sh "$app_dir/$jsa" | cut -f1))"
    else
        rm -f "$root/$app_dir/$jsa"
        echo "The training run made no archive (see $train/stderr): the app starts without AppCDS" >&2
    fi
fi
echo "App image: $image ($(du -sh "$image" | cut -f1))"

# 7. The packages.
for type in $types; do
    case "$type" in
        none) ;;
        deb | rpm) installers/linux/package.sh "$type" "$image" "$app_version" "$work/icons" "$out" ;;
        dmg | pkg)
            step "Building the .$type"
            jpackage "${common[@]}" --type "$type" --dest "$out" --app-image "$image"
            ;;
        msi | exe)
            step "Building the .$type"
            jpackage "${common[@]}" --type "$type" --dest "$out" --app-image "$image" \
                --win-menu --win-menu-group "$title" --win-shortcut --win-dir-chooser \
                --win-upgrade-uuid 6a7d3c2e-93c1-4a2b-8d3f-5f0b1c6e9a41
            ;;
        *) echo "error: unknown package type '$type'" >&2; exit 1 ;;
    esac
done

step "Done"
ls -l "$out"
