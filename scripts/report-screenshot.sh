#!/usr/bin/env bash
# Renders a sweep report (written by `batch report`) in headless Chromium and checks that the
# screenshot shows the page's first figure, not an empty page: report/cmd/checkshot finds the frame
# the report draws around it and measures the colours inside. The figure is the heat map, or, on a
# page that has none (a zip sweep, or a --fix that leaves one axis free), the line plot that takes
# its place (the page's section "along"); the script reads which from the page.
#
#   scripts/report-screenshot.sh REPORT.html OUT.png
#   scripts/report-screenshot.sh --demo OUT.png     # report of the test fixture's STP sweep
#
# Needs Debian's chromium; when it is missing and CI is set, the script installs it with apt-get.
# Exit status: 0 the figure is there, 1 the check failed, 2 usage or setup error.
set -euo pipefail

usage() { echo "usage: $0 REPORT.html|--demo OUT.png" >&2; exit 2; }
[ $# -eq 2 ] || usage
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m -- "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$1" = --demo ]; then
	report=$(cd "$root" && go run ./report/internal/demo "$work/sweep")
else
	[ -f "$1" ] || { echo "$0: no such report: $1" >&2; exit 2; }
	report=$(realpath -- "$1")
fi

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	if [ -z "${CI:-}" ]; then
		echo "$0: no chromium found: install it with 'apt-get install -y chromium' (or set CI=1 to let this script do it)" >&2
		exit 2
	fi
	sudo=""
	if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
	browser=chromium
fi

# file:// URL of the report, percent-encoding every byte but the unreserved ones and '/'.
urlencode() {
	local LC_ALL=C s=$1 i c o=""
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9/._~-]) o+=$c ;;
		*) o+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$o"
}
url="file://$(urlencode "$report")"
expect=heatmap
if grep -q '<section id="along">' "$report"; then expect=lines; fi

mkdir -p "$(dirname "$out")"
rm -f "$out"
# The heat map (or the line plot) is the first figure of the page, or follows the phase diagram of
# a sweep with an [analysis] table (two populations: about 1300 px); 3000 px of height hold it.
if ! timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$work/profile" --hide-scrollbars \
	--screenshot="$out" --window-size=1280,3000 "$url" >"$work/browser.log" 2>&1 || [ ! -s "$out" ]; then
	echo "$0: $browser wrote no screenshot; its output:" >&2
	cat "$work/browser.log" >&2
	exit 1
fi
echo "screenshot of $report: $out"
cd "$root"
go run ./report/cmd/checkshot -expect "$expect" "$out"
