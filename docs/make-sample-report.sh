#!/bin/sh
# Makes docs/sample-report.pdf from the bundled eICU example: a Gaussian-copula and an
# independent-marginals baseline of 2520 rows each (no network, no key), compared with
# the real table in one report.
#   docs/make-sample-report.sh [BUILDDIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cli=${1:-$top/build}/src/cli/facsimile-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
example=resources/examples/eicu-demo
for provider in copula independent; do
  "$cli" generate --schema $example/schema.json --provider $provider --rows 2520 \
    --reference $example/stays.csv --seed 1 --store "$work/store.db" >/dev/null 2>&1
done
"$cli" report --real $example/stays.csv --schema $example/schema.json --run 1 --run 2 \
  --store "$work/store.db" --paper a4 \
  --title "Two offline baselines on the eICU demo table" --author "Facsimile sample" \
  -o docs/sample-report.pdf
echo "docs/sample-report.pdf: $(pdfinfo docs/sample-report.pdf | sed -n 's/^Pages: *//p') pages"
# four of its pages side by side for the README (needs poppler-utils and imagemagick)
if command -v pdftoppm >/dev/null && command -v montage >/dev/null; then
  for page in 1 3 5 8; do
    pdftoppm -r 50 -png -f $page -l $page -singlefile docs/sample-report.pdf "$work/page-$page"
  done
  montage "$work"/page-1.png "$work"/page-3.png "$work"/page-5.png "$work"/page-8.png \
    -tile 4x1 -geometry +8+8 -background '#d8dadd' docs/sample-report-pages.png
  echo "docs/sample-report-pages.png"
fi
