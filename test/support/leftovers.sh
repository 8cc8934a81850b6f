#!/usr/bin/env bash
# Runs the tests with TMPDIR set to a fresh, empty folder, then fails if anything is left in that
# folder or is new in the repo (ignored files too; dist/ and node_modules/ belong to the build).
# Usage, from the project root: test/support/leftovers.sh [command ...]   (default: npm test)
set -u
[ $# -gt 0 ] || set -- npm test
tmp=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$tmp" "$log"' EXIT
before=$(git status --porcelain --ignored | sort)
TMPDIR=$tmp "$@" >"$log" 2>&1
rc=$?
after=$(git status --porcelain --ignored | sort)
left=$(find "$tmp" -mindepth 1 -maxdepth 1)
added=$(comm -13 <(echo "$before") <(echo "$after") | grep -v -E '^!! (dist|node_modules)/?$')
echo "exit $rc; left in TMPDIR: ${left:-nothing}; new in the repo: ${added:-nothing}"
[ "$rc" = 0 ] || tail -n 30 "$log"
[ "$rc" = 0 ] && [ -z "$left" ] && [ -z "$added" ]
