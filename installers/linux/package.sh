#!/usr/bin/env bash
# Makes the .deb or the .rpm from the app image (called by installers/build.sh).
# usage: package.sh deb|rpm APP_IMAGE VERSION ICONS_DIR OUT_DIR
#
# Besides the app image under /opt/monitoring-console, each package owns the files that put the app on the desktop
# and on PATH (no xdg-utils, whose scripts fail on a headless machine, as jpackage's --linux-shortcut would need):
#   /usr/bin/monitoring-console                                   a symlink to the launcher
#   /usr/share/applications/monitoring-console.desktop            the desktop entry
#   /usr/share/icons/hicolor/SIZExSIZE/apps/monitoring-console.png the icon
#
# DEB_COMPRESSION: dpkg-deb compressor for the .deb (default xz; gzip is several times faster to build).
set -euo pipefail
type="$1" image="$2" version="$3" icons="$4" out="$5"
here="$(cd "$(dirname "$0")" && pwd)"
name=monitoring-console
work="$out/work/$type"
rm -rf "$work"
mkdir -p "$work/extras/share/applications" "$work/resources"

install -m 644 "$here/$name.desktop" "$work/extras/share/applications/"
icon_dirs=""
for png in "$icons"/png/$name-*.png; do
    size="${png##*-}"; size="${size%.png}"
    mkdir -p "$work/extras/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$png" "$work/extras/share/icons/hicolor/${size}x${size}/apps/$name.png"
    icon_dirs="$icon_dirs /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps"
done
extras="$(cd "$work/extras" && pwd)"

common=(--type "$type" --app-image "$image" --dest "$work" --name "$name" --app-version "$version"
    --linux-package-name "$name" --linux-app-category utils
    --vendor Neurectomy --description "Desktop console for the Prometheus / Grafana / Alertmanager stack on Kubernetes"
    --resource-dir "$work/resources")

printf '\n== Building the .%s\n' "$type"
case "$type" in
    deb)
        # jpackage packs without compression (it is unpacked again at once); the final pack compresses.
        DPKG_DEB_COMPRESSOR_TYPE=none jpackage "${common[@]}" --linux-package-deps libgtk-3-0 \
            --linux-deb-maintainer "monitoring-console@neurectomy.io"
        deb="$(ls "$work"/*.deb)"
        # Unpack, add the desktop files and the command, pack again.
        tree="$work/tree"
        dpkg-deb -R "$deb" "$tree"
        mkdir -p "$tree/usr/bin" "$tree/usr/share"
        ln -s "/opt/$name/bin/$name" "$tree/usr/bin/$name"
        cp -r "$extras/share/applications" "$extras/share/icons" "$tree/usr/share/"
        if [ -f "$tree/DEBIAN/md5sums" ]; then
            (cd "$tree" && find usr -type f -exec md5sum {} + >> DEBIAN/md5sums)
        fi
        size_kb="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
        sed -i "s/^Installed-Size:.*/Installed-Size: $size_kb/" "$tree/DEBIAN/control"
        rm "$deb"
        fakeroot dpkg-deb --build -Z"${DEB_COMPRESSION:-xz}" "$tree" "$deb" >/dev/null
        mv "$deb" "$out/"
        ;;
    rpm)
        if ! command -v rpmbuild >/dev/null 2>&1; then
            echo "rpmbuild is not installed (apt-get install rpm): no .rpm made" >&2
            exit 0
        fi
        sed -e "s|@EXTRAS@|$extras|g" -e "s|@ICON_DIRS@|$icon_dirs|" "$here/$name.spec.in" \
            > "$work/resources/$name.spec"
        jpackage "${common[@]}" --linux-package-deps gtk3 --linux-rpm-license-type "Proprietary"
        mv "$work"/*.rpm "$out/"
        ;;
    *) echo "error: unknown Linux package type '$type'" >&2; exit 1 ;;
esac
