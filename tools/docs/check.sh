#!/usr/bin/env bash
# `npm run docs:check`, run by `npm test`: builds the docs site as `npm run docs` does, into a
# directory thrown away after. TypeDoc checks the anchors of links between pages (a README link to
# `docs/benchmarks.md#…` that no heading has) only while it renders them: `--emit none` misses them.
# Rendering costs some 2 s of CPU over the conversion that both do.
set -euo pipefail
cd "$(dirname "$0")/../.."

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx typedoc --out "$out" --logLevel Warn
