package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/app"
	"github.com/klantpuls/klantpuls/internal/config"
	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/demo"
	"github.com/klantpuls/klantpuls/internal/engine"
	"github.com/klantpuls/klantpuls/internal/pgtest"
	"github.com/klantpuls/klantpuls/internal/report"
	"github.com/klantpuls/klantpuls/internal/store/postgres/postgrestest"
	"github.com/klantpuls/klantpuls/internal/store/sqlite/sqlitetest"
)

// TestOnPostgres runs the end-to-end tests — every worked vector and the import rules,
// through `klantpuls import` and `report` — against a real PostgreSQL instead of SQLite.
func TestOnPostgres(t *testing.T) {
	pgtest.Shared(t)
	onPostgres = true
	defer func() { onPostgres = false }()
	for name, test := range map[string]func(*testing.T){
		"VectorsNPS": TestVectorsNPS, "VectorsCSATAndCES": TestVectorsCSATAndCES,
		"VectorsFirstResponse": TestVectorsFirstResponse, "VectorReplyTime": TestVectorReplyTime,
		"VectorsResolution": TestVectorsResolution, "ChannelShare": TestChannelShare,
		"VectorsCustomers": TestVectorsCustomers, "VectorsCLV": TestVectorsCLV, "Engagement": TestEngagement,
		"VectorIQS": TestVectorIQS, "ImportRowRules": TestImportRowRules,
		"VectorsMissingReplyData":         TestVectorsMissingReplyData,
		"ImportAllErrorsNothingCommitted": TestImportAllErrorsNothingCommitted,
		"ImportIdempotentAndReplacing":    TestImportIdempotentAndReplacing,
		"ImportSeveralFilesAndFormats":    TestImportSeveralFilesAndFormats, "GroupsFollowTheirRecords": TestGroupsFollowTheirRecords,
		"DeleteAndEraseCommands": TestDeleteAndEraseCommands,
		"ImportMixedCurrency":    TestImportMixedCurrency, "ImportCSATScales": TestImportCSATScales,
		"DigestCommands": TestDigestCommands, "ImportPresetCompletes": TestImportPresetCompletes,
		"ConnectionAddRefusesASecretInUse": TestConnectionAddRefusesASecretInUse,
	} {
		t.Run(name, test)
	}
}

// TestSameReportOnBothStores writes the same records into SQLite and PostgreSQL and compares
// the reports byte for byte, for several periods and every split.
func TestSameReportOnBothStores(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	open := func(dsn string) *app.App {
		a, err := app.Open(ctx, dsn, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		until := time.Date(2026, 11, 1, 0, 0, 0, 0, cfg.Timezone)
		_, err = a.Bulk(ctx, func(put func(cx.Record) error) error {
			return demo.Generate(demo.Options{Seed: 7, Location: cfg.Timezone, From: until.AddDate(-1, 0, 0), Days: 365,
				Size: demo.Size{Customers: 1500, Orders: 2500, Tickets: 2000, Responses: 1200, Mentions: 80, Reviews: 160, Events: 900}},
				func(_ cx.Kind, batch []cx.Record) error {
					for _, r := range batch {
						if err := put(r); err != nil {
							return err
						}
					}
					return nil
				})
		})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	sq := open(sqlitetest.New(t))
	pg := open(postgrestest.Fresh(t))
	for _, period := range [][2]string{{"2026-01-01", "2026-04-01"}, {"2025-11-01", "2026-11-01"}, {"2026-10-01", "2026-10-08"}} {
		for _, by := range []engine.Dim{engine.ByNone, engine.ByChannel, engine.ByTeam, engine.ByAgent, engine.BySegment} {
			from, to, _ := report.ParsePeriod(period[0], period[1], cfg.Timezone)
			q := engine.Query{From: from, To: to, By: by}
			var a, b bytes.Buffer
			for _, side := range []struct {
				app *app.App
				out *bytes.Buffer
			}{{sq, &a}, {pg, &b}} {
				groups, err := side.app.Report(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				report.JSON(side.out, report.New(q, cfg.Timezone, cfg.Money.Currency, groups))
			}
			if a.String() != b.String() {
				t.Errorf("%v by %q: SQLite and PostgreSQL report otherwise", period, by)
			}
		}
	}
}
