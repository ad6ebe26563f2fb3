#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots from a demo workspace, at 1280x800, with the
# offscreen platform: docs/screenshots/make.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: docs/screenshots/make.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
segwb="$build/bin/segwb"
gui="$build/bin/segment-workbench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

"$segwb" demo --customers 5000 --seed 7 --out "$work/data" > /dev/null
"$segwb" import --workspace "$work/demo.segws" --kind customers "$work/data/customers.csv" > /dev/null
"$segwb" import --workspace "$work/demo.segws" --kind transactions "$work/data/transactions.csv" > /dev/null
"$segwb" import --workspace "$work/demo.segws" --kind responses "$work/data/responses.csv" > /dev/null
# The wizard pictures import transactions into a workspace that holds the customers only.
"$segwb" import --workspace "$work/customers.segws" --kind customers "$work/data/customers.csv" > /dev/null

shot() { # FILE WORKSPACE SCENE
    timeout 120 "$gui" "$2" --screenshot "$here/$1" --scene "$3" 2> "$work/log" \
        || { cat "$work/log" >&2; exit 1; }
    echo "wrote docs/screenshots/$1"
}
shot main-window.png "$work/demo.segws" window
shot data-browser-profile.png "$work/demo.segws" profile:income
shot customer-detail.png "$work/demo.segws" customer:C000002
shot import-reading.png "$work/customers.segws" "import-reading:$work/data/transactions.csv"
shot import-columns.png "$work/customers.segws" "import-columns:$work/data/transactions.csv"
# The analysis pages in the window, computed with the settings stored in the workspace.
shot rfm-window.png "$work/demo.segws" rfm
shot lifecycle-window.png "$work/demo.segws" lifecycle
# The segment, RFM, lifecycle and export pictures come from the GUI tests' screenshot functions,
# which build their own demo workspace.
for test in tst_segmentbuilder tst_rfmpage tst_exportdialog; do
    SEGWB_SCREENSHOT_DIR="$here" "$build/tests/ui/$test" screenshot > "$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
    echo "wrote the screenshots of $test"
done
# A saved segment open for editing in the builder.
SEGWB_SCREENSHOT_DIR="$here" "$build/tests/ui/tst_segmentbuilder" screenshotEditMode > "$work/log" 2>&1 \
    || { cat "$work/log" >&2; exit 1; }
echo "wrote segments-edit.png"

