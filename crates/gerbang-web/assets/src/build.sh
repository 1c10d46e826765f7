#!/bin/sh
# Rebuilds ../static/gerbang.css from gerbang.scss and the USWDS Sass packages.
#
#   cd crates/gerbang-web/assets/src && ./build.sh
#
# Needs node >= 20.19 and npm. Downloads only the packages pinned in
# package-lock.json (@uswds/uswds, sass and their dependencies) from the npm
# registry, with install scripts disabled and optional packages (sass's
# native file watcher) left out.
set -eu

cd "$(dirname "$0")"
OUT=../static/gerbang.css

npm ci --ignore-scripts --omit=optional --no-audit --no-fund

mkdir -p ../static
./node_modules/.bin/sass \
  --load-path=node_modules/@uswds/uswds/packages \
  --style=compressed \
  --no-source-map \
  gerbang.scss "$OUT"

# Remove every reference to an image file. USWDS draws its icons (alert icons,
# check mark, select chevron, breadcrumb arrows, nav and footer chevrons,
# search magnifier) from SVG files through url(); gerbang.scss replaces the
# ones we use with CSS or text, so the stylesheet needs no other file and works
# under a CSP that allows no images. This drops:
#   - each `@supports (mask: url("")) { ... }` block (the masked icon variants),
#   - each declaration whose value contains url(...),
#   - rules and at-rules left empty by the above.
# The build fails if any url( is left.
node - "$OUT" <<'EOF'
const fs = require("fs");
const file = process.argv[2];
let css = fs.readFileSync(file, "utf8");

// 1. @supports blocks that test for mask support (their content is icons).
const supports = /@supports\s*\(\s*mask:\s*url\(""\)\s*\)\s*\{/g;
let m;
while ((m = supports.exec(css)) !== null) {
  let depth = 1;
  let i = m.index + m[0].length;
  for (; i < css.length && depth > 0; i++) {
    if (css[i] === "{") depth++;
    else if (css[i] === "}") depth--;
  }
  css = css.slice(0, m.index) + css.slice(i);
  supports.lastIndex = m.index;
}

// 2. Declarations whose value references a file.
css = css.replace(/([{;])[a-z-]+:[^;{}]*url\([^;{}]*?(?=[;}])/g, "$1");
css = css.replace(/;;+/g, ";").replace(/\{;/g, "{").replace(/;\}/g, "}");

// 3. Empty rules and at-rules (repeat: emptying one can empty its parent).
for (let prev = ""; prev !== css; ) {
  prev = css;
  css = css.replace(/(^|[{}])[^{}]+\{\}/g, "$1");
}

if (/url\(/.test(css)) {
  console.error("gerbang.css still references url(): " + css.match(/.{0,80}url\(.{0,80}/)[0]);
  process.exit(1);
}
fs.writeFileSync(file, css);
EOF

raw=$(wc -c < "$OUT" | tr -d ' ')
gz=$(gzip -9 -c "$OUT" | wc -c | tr -d ' ')
echo "gerbang.css: $raw bytes raw, $gz bytes gzipped (gzip -9)"
