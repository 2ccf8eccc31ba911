#!/usr/bin/env bash
# Runs every Go fuzz target of the module — each `func FuzzXxx(f *testing.F)` in a _test.go
# file, found afresh on each run — for FUZZTIME each, FUZZJOBS at a time (`make fuzz`).
#
# A failing input is saved under its package's testdata/fuzz/<target>/: commit it with the fix,
# and plain `go test` runs it from then on. Go 1.26's fuzz coordinator can also end a healthy
# run with a bare "context deadline exceeded" when -fuzztime runs out while a worker is busy
# (golang/go#75804, fixed in Go 1.27): no input is saved then. Such a run is tried once more,
# and counts as failed only when it repeats; a run that saved an input always fails.
#
# FUZZJOBS targets run at once (default 2, one fuzzing worker each): on a 2-core CI machine most
# of a short run is building and starting the fuzz binary, which a second job overlaps.
set -uo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-3m}
FUZZJOBS=${FUZZJOBS:-2}

targets=$(find . -path ./web/node_modules -prune -o -name '*_test.go' -print |
	xargs grep -oE '^func Fuzz[A-Za-z0-9_]*\(' |
	sed -E 's|^\./(.+)/[^/]+:func (Fuzz[A-Za-z0-9_]*)\($|\1:\2|' | sort -u)
test -n "$targets" || { echo "fuzz: no targets found"; exit 1; }

# once runs one target; it prints the result and returns 0 (passed), 1 (failed) or 2 (the
# coordinator's deadline race, nothing saved).
once() {
	local pkg=$1 name=$2 out before after
	out=$(mktemp)
	before=$(ls "$pkg/testdata/fuzz/$name" 2>/dev/null | sort)
	"$GO" test -run '^$' -fuzz "^$name\$" -fuzztime "$FUZZTIME" -parallel "$workers" "./$pkg" 2>&1 | tee "$out"
	local status=${PIPESTATUS[0]}
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

# workers is how many fuzzing processes one target gets: the cores shared among the jobs.
workers=$(( $(nproc) / FUZZJOBS )); [ "$workers" -ge 1 ] || workers=1

# job runs one target (once more after the coordinator's deadline race) and writes its log to
# $logs/<n>.log and "ok" or "failed" to $logs/<n>.result.
job() {
	local n=$1 pkg=$2 name=$3 result
	{
		echo "fuzz: $name in ./$pkg for $FUZZTIME"
		once "$pkg" "$name"; result=$?
		if [ "$result" -eq 2 ]; then
			echo "fuzz: $name ended with Go's fuzz-coordinator deadline race (golang/go#75804), no input saved: once more"
			once "$pkg" "$name"; result=$?
		fi
	} >"$logs/$n.log" 2>&1
	[ "$result" -eq 0 ] && echo ok >"$logs/$n.result" || echo "failed $name" >"$logs/$n.result"
}

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
n=0
for t in $targets; do
	n=$((n + 1))
	while [ "$(jobs -rp | wc -l)" -ge "$FUZZJOBS" ]; do wait -n; done
	job "$n" "${t%%:*}" "${t##*:}" &
done
wait
failed=""
for i in $(seq 1 "$n"); do
	cat "$logs/$i.log"
	case "$(cat "$logs/$i.result" 2>/dev/null)" in
	ok) ;;
	*) failed="$failed $(sed 's/^failed //' "$logs/$i.result" 2>/dev/null || echo "#$i")" ;;
	esac
done
test -z "$failed" || { echo "fuzz: failing:$failed (inputs under the packages' testdata/fuzz/)"; exit 1; }
echo "fuzz: $n targets, no failure"
