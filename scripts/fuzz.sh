#!/usr/bin/env bash
# Runs every Go fuzz target of the module — each `func FuzzXxx(f *testing.F)` in a _test.go
# file, found afresh on each run — for FUZZTIME each, FUZZJOBS packages at a time (`make fuzz`).
#
# A package's fuzz test binary is built once (`go test -c -fuzz`: instrumented for coverage) and
# runs each of its targets in turn, from the package's folder, with the fuzz cache `go test -fuzz`
# uses. A `go test -fuzz` a target links the binary again each time: 15 s for the web package's,
# which has twelve targets, where the CI fuzzes each for 3 s.
#
# A failing input is saved under its package's testdata/fuzz/<target>/: commit it with the fix,
# and plain `go test` runs it from then on. Go 1.26's fuzz coordinator can also end a healthy
# run with a bare "context deadline exceeded" when -fuzztime runs out while a worker is busy
# (golang/go#75804, fixed in Go 1.27): no input is saved then. Such a run is tried once more,
# and counts as failed only when it repeats; a run that saved an input always fails.
#
# FUZZJOBS packages run at once (default 2, one fuzzing worker each): on a 2-core CI machine much
# of a short run is building a binary, which a second job overlaps.
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-3m}
FUZZJOBS=${FUZZJOBS:-2}

targets=$(find . -path ./web/node_modules -prune -o -name '*_test.go' -print |
	xargs grep -oE '^func Fuzz[A-Za-z0-9_]*\(' |
	sed -E 's|^\./(.+)/[^/]+:func (Fuzz[A-Za-z0-9_]*)\($|\1:\2|' | sort -u)
test -n "$targets" || { echo "fuzz: no targets found"; exit 1; }
packages=$(echo "$targets" | sed 's|:.*||' | sort -u)
module=$("$GO" list -m)
cache=$("$GO" env GOCACHE)/fuzz

# workers is how many fuzzing processes one target gets: the cores shared among the jobs.
workers=$(( $(nproc) / FUZZJOBS )); [ "$workers" -ge 1 ] || workers=1

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# once runs target name of package pkg with its binary bin; it prints the result and returns 0
# (passed), 1 (failed) or 2 (the coordinator's deadline race, nothing saved).
once() {
	local pkg=$1 name=$2 bin=$3 out before after status
	out=$(mktemp)
	before=$(ls "$pkg/testdata/fuzz/$name" 2>/dev/null | sort)
	(cd "$pkg" && "$bin" -test.run '^$' -test.fuzz "^$name\$" -test.fuzztime "$FUZZTIME" -test.parallel "$workers" \
		-test.fuzzcachedir "$cache/$module/$pkg") 2>&1 | tee "$out"
	status=${PIPESTATUS[0]}
	after=$(ls "$pkg/testdata/fuzz/$name" 2>/dev/null | sort)
	local race=0
	if [ "$status" -ne 0 ] && [ "$before" = "$after" ] &&
		grep -qx '    context deadline exceeded' "$out" && ! grep -q 'Failing input written' "$out"; then
		race=1
	fi
	rm -f "$out"
	[ "$status" -eq 0 ] && return 0
	[ "$race" -eq 1 ] && return 2
	return 1
}

# job builds package n's fuzz binary and runs its targets; it writes its log to $logs/<n>.log and
# the targets that failed to $logs/<n>.failed (empty: none).
job() {
	local n=$1 pkg=$2 bin name result
	bin="$logs/$n.test"
	: >"$logs/$n.failed"
	{
		local names first
		names=$(echo "$targets" | grep "^$pkg:" | sed 's|.*:||')
		first=$(echo "$names" | head -n 1)
		if ! "$GO" test -c -fuzz "^$first\$" -o "$bin" "./$pkg"; then
			echo "fuzz: ./$pkg does not build" && echo "$names" >"$logs/$n.failed"
			return
		fi
		for name in $names; do
			echo "fuzz: $name in ./$pkg for $FUZZTIME"
			once "$pkg" "$name" "$bin"; result=$?
			if [ "$result" -eq 2 ]; then
				echo "fuzz: $name ended with Go's fuzz-coordinator deadline race (golang/go#75804), no input saved: once more"
				once "$pkg" "$name" "$bin"; result=$?
			fi
			[ "$result" -eq 0 ] || echo "$name" >>"$logs/$n.failed"
		done
		rm -f "$bin"
	} >"$logs/$n.log" 2>&1
}

n=0
for pkg in $packages; do
	n=$((n + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$FUZZJOBS" ]; do wait -n; done
	job "$n" "$pkg" &
done
wait
failed=""
count=$(echo "$targets" | wc -l)
for i in $(seq 1 "$n"); do
	cat "$logs/$i.log"
	if [ ! -f "$logs/$i.failed" ]; then
		failed="$failed #$i"
	elif [ -s "$logs/$i.failed" ]; then
		failed="$failed $(tr '\n' ' ' <"$logs/$i.failed")"
	fi
done
test -z "$failed" || { echo "fuzz: failing: $failed(inputs under the packages' testdata/fuzz/)"; exit 1; }
echo "fuzz: $count targets in $n packages, no failure"
