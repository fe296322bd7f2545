#!/usr/bin/env bash
# Runs every fuzz target of the module for a bounded time each:
#   FUZZTIME=10s .ci/fuzz.sh            (default 10s per target)
#   FUZZTIME=5m .ci/fuzz.sh ./restapi   (only the packages given)
# Targets are discovered with `go test -list`, so a new Fuzz function is
# picked up with no change here. A failing input is written by go test to
# the package's testdata/fuzz/<Target>/; commit it with the fix so that it
# stays a regression test. Exits non-zero when any target fails.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-10s}"
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
	# Only directories whose tests declare a Fuzz function: listing the
	# targets compiles the package's tests, too slow to do for all of them.
	mapfile -t pkgs < <(grep -rlE --include='*_test.go' --exclude-dir=testdata --exclude-dir=node_modules --exclude-dir=.git '^func Fuzz' . | xargs -r -n1 dirname | sort -u)
fi
failed=()
count=0
for pkg in "${pkgs[@]}"; do
	[ -n "$pkg" ] || continue
	mapfile -t targets < <(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
	for target in "${targets[@]}"; do
		[ -n "$target" ] || continue
		count=$((count + 1))
		echo "-- $pkg $target ($fuzztime)"
		if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"; then
			failed+=("$pkg $target")
		fi
	done
done
echo "fuzzed $count targets for $fuzztime each"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'FAILED: %s\n' "${failed[@]}" >&2
	exit 1
fi
