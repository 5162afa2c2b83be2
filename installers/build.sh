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
if jlink --help 2>&1 | grep -q -- --generate-cds-archive; then cds=(--generate-cds-archive); fi
jlink --module-path "$work/fx" \
    --add-modules "$jdk_modules,$fx_modules" \
    --include-locales en \
    --strip-debug --no-header-files --no-man-pages \
    "${cds[@]}" \
    --output "$work/runtime"
cp "$work"/natives/* "$work/runtime/$native_dir/"

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
