#!/usr/bin/env bash
# Segment Workbench: one script for a fresh Debian 12 machine (run as root or through sudo).
#   packaging/setup.sh demo   install what is missing, build, make a demo workspace, open the window
#   packaging/setup.sh test   install what is missing, build, run every test
#   packaging/setup.sh deps   only install the Debian packages
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SEGWB_BUILD_DIR:-$here/build/release}"
jobs="$(nproc 2>/dev/null || echo 2)"

packages=(cmake g++ make pkg-config git qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev
          libgl-dev dpkg-dev file libsqlite3-dev sqlite3 libeigen3-dev libssl-dev fonts-dejavu-core xauth xvfb)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
}

build_all() {
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEGWB_WERROR="${SEGWB_WERROR:-OFF}"
    cmake --build "$build" -j "$jobs"
}

case "${1:-}" in
deps)
    install_deps
    ;;
demo)
    install_deps
    build_all
    demo="$build/demo"
    if [ ! -f "$demo/demo.segws" ]; then
        "$build/bin/segwb" demo --customers 5000 --out "$demo/csv"
        for kind in customers transactions responses; do
            "$build/bin/segwb" import --workspace "$demo/demo.segws" --kind "$kind" "$demo/csv/$kind.csv" >/dev/null
        done
    fi
    echo "Opening $demo/demo.segws"
    exec "$build/bin/segment-workbench" "$demo/demo.segws"
    ;;
test)
    install_deps
    build_all
    cd "$build"
    ctest --output-on-failure -j "$jobs"
    ;;
*)
    echo "usage: $0 demo|test|deps" >&2
    exit 1
    ;;
esac
