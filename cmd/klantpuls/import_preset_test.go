package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Each preset's test file is in the shape its tool exports (/work/notes/exports.md, from the
// tools' documentation and code; names and values made up), imported with --preset; the
// report's figures for [1 March, 31 March) 2026 are worked out by hand from the rows. Times
// without an offset are read in the default account zone, Europe/Amsterdam (CET, +01:00, until
// Sunday 29 March 02:00, then CEST, +02:00); business hours are the default Mon–Fri
// 09:00–17:00 (no holiday in March). March 2026 starts on a Sunday: weekends are 7–8, 14–15,
// 21–22 and 28–29 March.
func TestImportPresets(t *testing.T) {
	tests := []struct {
		preset  string
		file    string // in testdata/presets; empty: the preset's name and .csv
		summary string // the CLI's line: rows read, records per kind, written
		want    map[string]float64
		groups  map[string]map[string]map[string]float64 // --by dimension → group key → figures
	}{{
		// Zendesk Support, Admin Center > Reports > Export > CSV
		// (https://support.zendesk.com/hc/en-us/articles/4408886165402): one row per ticket, a
		// leading "Summation column", "Id" and "Requester id" as real files spell them, times
		// "2026-03-02 10:00:00" in the account's zone, durations in whole minutes (elapsed, so an
		// hour shorter across the change to summer time), legacy CSAT as Good/Bad/Offered/Not
		// Offered, Via names with a comma ("Trigger, automation") and subjects with quotes and
		// commas, quoted; a custom field "Ticket Category [list]" at the end. Four agents and an
		// unassigned queue, three groups, seven Via names.
		preset:  "zendesk-tickets",
		summary: "36 rows read; records: tickets 36, responses 24; 60 written",
		want: map[string]float64{
			// 36 tickets, 4101–4136; created in the period all but 4133 (Fri 27 Feb) and 4134
			// (31 March): 34. Solved at in the period: 4101–4109, 4113–4119, 4121–4123, 4125–4130,
			// 4133, 4135: 9 + 7 + 3 + 6 + 2 = 27 (4132 and 4134 are solved on 31 March; 4110–4112,
			// 4120, 4124, 4131 and 4136 not at all).
			"groups.0.metrics.tickets.created": 34, "groups.0.metrics.tickets.solved": 27,
			// Rated tickets solved in the period: Good 4101 4102 4104 4105 4107 4109 4113 4114
			// 4115 4117 4121 4123 4125 4129 4133 4135 (16), Bad 4103 4108 4116 4119 4126 4130 (6);
			// Offered and Not Offered are no rating, 4132's and 4134's Good fall on 31 March (but
			// are written: 24 responses). n 22, CSAT 100·16/22, mean (16·5 + 6·1)/22 = 86/22.
			"groups.0.metrics.csat.n": 22, "groups.0.metrics.csat.positive": 16,
			"groups.0.metrics.csat.value": 1600.0 / 22, "groups.0.metrics.csat.mean": 86.0 / 22,
			// First reply minutes of the replies made in the period (4131's comes on 31 March
			// 09:30, 4134's on 31 March; 4112, 4120 and 4136 have none):
			//   4101–4111: 30 60 15 90 45 120 30 60 1020 20 6 = 1496
			//   4113–4119: 75 40 655 60 2 0 200 = 1032
			//   4121–4130: 25 1140 55 120 5 150 0 90 1000 30 = 2615
			//   4132 45, 4133 3975 (created Fri 27 Feb 15:00, replied Mon 2 March 09:15), 4135 3 = 4023
			// n 11 + 7 + 10 + 3 = 31, sum 1496 + 1032 + 2615 + 4023 = 9166 min, mean 9166·60/31 s.
			// Sorted: 0 0 2 3 5 6 15 20 25 30 30 30 40 45 45 55 60 60 60 75 90 90 120 120 150 200
			// 655 1000 1020 1140 3975: the median is the 16th, 55 min = 3300 s; p90 is at rank
			// 30·0.9 = 27 from 0, the 28th, 1000 min = 60000 s.
			"groups.0.metrics.first_response.calendar.n": 31, "groups.0.metrics.first_response.calendar.mean": 9166.0 * 60 / 31,
			"groups.0.metrics.first_response.calendar.median": 3300, "groups.0.metrics.first_response.calendar.p90": 60000,
			// Business minutes: as calendar but 4109 Fri 16:30 → Sat 09:30: 30; 4113 Thu 08:15 →
			// 09:30: 30; 4114 Sat: 0; 4115 Sun 22:05 → Mon 09:00: 0; 4116 Mon 16:45 → 17:45: 15;
			// 4122 Fri 16:00 → Sat 11:00: 60; 4126 Tue 15:00 → 17:30: 120; 4129 Fri 16:40 → Sat
			// 09:20: 20; 4130 Sat: 0; 4133 Fri 15:00–17:00 + Mon 09:00–09:15: 135. Sum 9166 − 990
			// − 45 − 40 − 655 − 45 − 1080 − 30 − 980 − 30 − 3840 = 1431 min, mean 1431·60/31 s.
			"groups.0.metrics.first_response.business.mean": 1431.0 * 60 / 31,
			// Unanswered: 4112, 4120, 4136, and 4131 (created 30 March, answered after the period).
			"groups.0.metrics.first_response.unanswered": 4,
			// FCR over the 27 solved (all have Replies): at most one reply and no reopen: 4101 4104
			// 4107 4113 4115 4117 4118 4121 4123 4125 4127 4128 4130 4133 = 14 (4135 was reopened).
			"groups.0.metrics.fcr.n": 27, "groups.0.metrics.fcr.first_contact": 14, "groups.0.metrics.fcr.value": 1400.0 / 27,
			// Resolution, Solved at − Created at of the 27, in minutes:
			//   4101–4109: 120 240 60 1200 120 1200 360 1200 3930 = 8430
			//   4113–4119: 405 2800 775 1080 30 50 3020 = 8160
			//   4121–4123: 65 4020 175 = 4260
			//   4125–4130: 25 1140 20 120 3860 60 = 5225 (4129: Fri 27 16:40 CET → Mon 30 10:00
			//   CEST is 64 h 20, an hour less than the wall clocks say)
			//   4133 4080, 4135 40 = 4120
			// sum 30195 min, mean 30195·60/27 = 67100 s.
			"groups.0.metrics.resolution.calendar.n": 27, "groups.0.metrics.resolution.calendar.mean": 67100,
			// Created per Via: Mail 15 (4101 4103 4106 4107 4109 4111 4112 4113 4116 4119 4122
			// 4123 4128 4129 4131), WhatsApp 4 (4114 4121 4130 4136), Trigger, automation 2 (4108
			// 4124), kept as Zendesk names it; of 34.
			"groups.0.metrics.tickets.share.email": 1500.0 / 34, "groups.0.metrics.tickets.share.whatsapp": 400.0 / 34,
			"groups.0.metrics.tickets.share.Trigger, automation": 200.0 / 34,
		},
		groups: map[string]map[string]map[string]float64{
			// The ratings above by Assignee: Sara Bos Good 4101 4104 4107 4121 4125 4129 4133, Bad
			// 4116; Piet Jansen Good 4102 4105 4109 4117, Bad 4103 4108; Noor El Amrani Good 4113
			// 4115 4123 4135, Bad 4119; Jeroen de Wit Good 4114, Bad 4126 4130 (8 + 6 + 5 + 3 = 22).
			"agent": {
				"Sara Bos":       {"csat.n": 8, "csat.positive": 7},
				"Piet Jansen":    {"csat.n": 6, "csat.positive": 4},
				"Noor El Amrani": {"csat.n": 5, "csat.positive": 4},
				"Jeroen de Wit":  {"csat.n": 3, "csat.positive": 1},
			},
			// Created by Group: Support 4102 4103 4104 4106 4107 4108 4110 4111 4112 4116 4120 4121
			// 4124 4125 4129 4132 (16), Webshop 4101 4105 4109 4114 4117 4118 4122 4126 4128 4130
			// 4136 (11), Zakelijk 4113 4115 4119 4123 4127 4131 4135 (7); unanswered: Support 4112
			// 4120, Webshop 4136, Zakelijk 4131.
			"team": {
				"Support":  {"tickets.created": 16, "first_response.unanswered": 2},
				"Webshop":  {"tickets.created": 11, "first_response.unanswered": 1},
				"Zakelijk": {"tickets.created": 7, "first_response.unanswered": 1},
			},
		},
	}, {
		// Freshdesk, Tickets > Export (helpkit's Helpdesk::TicketsExportWorker, default field
		// order, "%F %T" times in the agent's zone, "(in hrs)" durations as hh:mm:ss, Survey
		// results as the classic survey's labels, whitespace collapsed so no cell spans lines);
		// quoted descriptions with quotes and commas, quoted tags; Outbound Email tickets the team
		// started, with no Initial response time.
		preset:  "freshdesk-tickets",
		summary: "34 rows read; records: tickets 34, responses 21; 55 written",
		want: map[string]float64{
			// 5101–5134; created in the period all but 5133 (26 Feb) and 5134 (31 March): 32.
			// Resolved time in the period: 5101–5107, 5111–5119, 5121 5122, 5124–5128, 5130, 5133:
			// 7 + 9 + 2 + 5 + 1 + 1 = 25 (5131 is resolved on 31 March).
			"groups.0.metrics.tickets.created": 32, "groups.0.metrics.tickets.solved": 25,
			// Survey results dated at Resolved time in the period: Awesome (5) 5101 5103 5106 5111
			// 5113 5117 5119 5122 5125 5126 5130 (11), Just Okay (3) 5102 5112 5115 5124 5133 (5),
			// Not Good (1) 5105 5114 5118 5128 (4); 5131's Awesome falls on 31 March (21 written).
			// n 20, positive 11 → CSAT 55, mean (55 + 15 + 4)/20 = 3.7.
			"groups.0.metrics.csat.n": 20, "groups.0.metrics.csat.value": 55, "groups.0.metrics.csat.mean": 3.7,
			// Initial response − Created time, minutes, of the inbound tickets answered in the
			// period (5116 and 5127 are Outbound Email; 5133 was answered in February, 5134 on 31
			// March; 5109 5110 5120 5132 not at all):
			//   5101–5108: 30 60 15 45 90 20 40 120 = 420
			//   5111–5119 but 5116: 100 4 0 1020 45 710 3870 1 = 5750
			//   5121–5126: 0 90 90 30 120 40 = 370
			//   5128–5131: 0 120 3840 2 = 3962 (5130: Fri 27 16:30 CET → Mon 30 09:30 CEST, 64 h)
			// n 8 + 8 + 6 + 4 = 26, sum 10502 min, mean 10502·60/26 s.
			"groups.0.metrics.first_response.calendar.n": 26, "groups.0.metrics.first_response.calendar.mean": 10502.0 * 60 / 26,
			// Business: as calendar but 5111 Mon 07:30 → 09:10: 10; 5112 Sat: 0; 5114 Tue 16:30 →
			// Wed 09:30: 60; 5117 Thu 21:15 → Fri 09:05: 5; 5118 Fri 16:50 → Mon 09:20: 30; 5124
			// Sun: 0; 5126 Tue 08:00 → 08:40: 0; 5130: 30 + 30 = 60. Sum 10502 − 90 − 4 − 960 − 705
			// − 3840 − 30 − 40 − 3780 = 1053 min, mean 1053·60/26 = 2430 s.
			"groups.0.metrics.first_response.business.mean": 2430, "groups.0.metrics.first_response.unanswered": 4,
			// FCR over the 25 solved (Agent interactions known, no reopen column): at most one
			// interaction: 5101 5104 5107 5111 5112 5113 5116 5117 5119 5121 5124 5126 5127 5128 = 14.
			"groups.0.metrics.fcr.n": 25, "groups.0.metrics.fcr.first_contact": 14, "groups.0.metrics.fcr.value": 56,
			// Created per Source: Email and Outbound Email 15 (5101 5105 5107 5109 5111 5115 5116
			// 5118 5120 5123 5125 5126 5127 5130 5132), Portal and Feedback Widget 7 (5102 5106 5108
			// 5114 5117 5122 5129), Phone 5 (5103 5110 5113 5121 5128), Chat 5 (5104 5112 5119 5124
			// 5131); of 32.
			"groups.0.metrics.tickets.share.email": 1500.0 / 32, "groups.0.metrics.tickets.share.web": 700.0 / 32,
			"groups.0.metrics.tickets.share.phone": 500.0 / 32, "groups.0.metrics.tickets.share.chat": 500.0 / 32,
		},
		groups: map[string]map[string]map[string]float64{
			// By Group. Created: Support 5101–5107 5112 5113 5117 5118 5122 5124 5126 5130 5131
			// (16), Billing 5108–5110 5114 5115 5120 5123 5127 5128 5132 (10), Webshop 5111 5116
			// 5119 5121 5125 5129 (6). FCR: Support solved 5101–5107 5112 5113 5117 5118 5122 5124
			// 5126 5130 (15), first contact 5101 5104 5107 5112 5113 5117 5124 5126 (8); Billing
			// 5114 5115 5127 5128, first contact 5127 5128; Webshop 5111 5116 5119 5121 5125 5133,
			// first contact 5111 5116 5119 5121.
			"team": {
				"Support": {"tickets.created": 16, "fcr.n": 15, "fcr.first_contact": 8},
				"Billing": {"tickets.created": 10, "fcr.n": 4, "fcr.first_contact": 2},
				"Webshop": {"tickets.created": 6, "fcr.n": 6, "fcr.first_contact": 4},
			},
		},
	}, {
		// Chatwoot, Reports > CSAT > Download (app/views/api/v1/accounts/csat_survey_responses/
		// download.csv.erb): UTF-8 with a byte order mark, "<name> (<email>)" as the agent or
		// nothing when unassigned, comments with commas, quotes, emoji and line breaks, times
		// "… UTC", a last line "Reporting period …" that is no response (but a row read).
		preset:  "chatwoot-csat",
		summary: "37 rows read; records: responses 36; 36 written",
		want: map[string]float64{
			// 36 responses, named here by conversation. 97's 2026-02-28 23:30 UTC is 1 March 00:30
			// in Amsterdam: in; 142's 2026-03-30 22:15 UTC is 31 March 00:15 (CEST): out. The
			// other 35: 5 on 97 101 102 105 109 112 115 119 124 127 133 135 139 141 (14); 4 on 99
			// 103 107 108 110 118 126 130 138 (9); 3 on 104 116 123 134 140 (5); 2 on 106 121 128
			// 136 (4); 1 on 111 114 131 (3). Positive 14 + 9 = 23 → CSAT 100·23/35; sum 70 + 36 +
			// 15 + 8 + 3 = 132.
			"groups.0.metrics.csat.n": 35, "groups.0.metrics.csat.positive": 23, "groups.0.metrics.csat.value": 2300.0 / 35,
			"groups.0.metrics.csat.mean": 132.0 / 35,
			// A Feedback Comment on all but 99 103 107 110 112 118 123 127 134 138 141: 35 − 11.
			"groups.0.metrics.feedback_response.n": 24,
		},
		groups: map[string]map[string]map[string]float64{
			// Sara: 101(5) 104(3) 107(4) 110(4) 114(1) 119(5) 126(4) 128(2) 133(5) 138(4) 141(5),
			// sum 42; Piet: 102(5) 103(4) 106(2) 108(4) 109(5) 111(1) 112(5) 116(3) 121(2) 127(5)
			// 131(1) 135(5) 140(3), sum 45; Noor: 97(5) 115(5) 118(4) 124(5) 130(4) 134(3) 139(5),
			// sum 31 (142 out); no agent: 99 105 123 136 (11 + 13 + 7 + 4 = 35).
			"agent": {
				"Sara Bos (sara@example.nl)":       {"csat.n": 11, "csat.positive": 8, "csat.mean": 42.0 / 11},
				"Piet Jansen (piet@example.nl)":    {"csat.n": 13, "csat.positive": 7, "csat.mean": 45.0 / 13},
				"Noor El Amrani (noor@example.nl)": {"csat.n": 7, "csat.positive": 6, "csat.mean": 31.0 / 7},
			},
		},
	}, {
		// Shopify, Orders > Export (https://help.shopify.com/manual/fulfillment/managing-orders/
		// exporting-orders): one row per line item, the order's fields on its first row only,
		// times "2026-03-02 14:04:12 +0100" (+0200 from 29 March), zip codes with a leading ',
		// all 79 columns; partial and full refunds, a cancelled order, discount codes, a
		// business order with a multi-line note, a point-of-sale order.
		preset:  "shopify-orders",
		summary: "34 rows read; records: customers 15, orders 21; 36 written",
		want: map[string]float64{
			// 22 orders #1001–#1022 on 34 rows (#1003 #1008 #1010 #1012 #1015 #1016 #1018 #1019 on
			// two, #1005 #1009 on three), of which #1006 is cancelled (Cancelled at filled): no
			// sale, so 21 orders. Total less Refunded Amount:
			//   #1001 44.95 (14 Feb), #1002 29.95 (27 Feb): before the period
			//   #1003 64.85, #1004 25 − 10 = 15, #1005 100, #1007 24.90 = 204.75
			//   #1008 30.10, #1009 294.80, #1010 87.50, #1011 49.95 − 5 = 44.95, #1012 60.05 = 517.40
			//   #1013 50 − 25 = 25, #1014 79.95, #1015 32.40, #1016 25, #1017 44.95 = 207.30
			//   #1018 60, #1019 49.90 − 12.50 = 37.40, #1020 39.85, #1021 29.95 (30 March 23:50
			//   +0200) = 167.20
			//   #1022 (31 March): after the period
			// Buyers: anna bram chris dirk eva fleur gijs hanna iris jan kees lotte mohamed sanne =
			// 14, all with an order in March (tim's one order is #1022). Historical CLV, each
			// buyer's orders before 31 March: 44.95 + 29.95 + 204.75 + 517.40 + 207.30 + 167.20 =
			// 1171.55 over 14. Not checked: metrics.md §3 takes AOV and frequency over the 12
			// months before `to` (#1001–#1021 but #1006: AOV 1171.55/20, 20/14 a year), the engine
			// still over the period (#1003–#1021 but #1006: 1096.65/18); issue 16 point 2.
			"groups.0.metrics.clv.buyers": 14, "groups.0.metrics.clv.historical": 1171.55 / 14,
			// 15 customers, each acquired at their first order: anna (14 Feb) and bram (27 Feb)
			// before the period, the other 12 buyers in it (eva at #1021 on 30 March, her
			// cancelled #1006 acquiring no one), tim on 31 March after it. Start 2,
			// new 12, end 14, none lost: churn 0, retention 100·(14 − 12)/2 = 100.
			"groups.0.metrics.churn.start": 2, "groups.0.metrics.churn.new": 12, "groups.0.metrics.churn.end": 14,
			"groups.0.metrics.churn.value": 0, "groups.0.metrics.retention.value": 100,
		},
	}, {
		// Typeform, Results > Responses > Download (CSV), in the shape real exports quoted in
		// public code show (/work/notes/exports.md §7a; the token is the API's response_id,
		// https://www.typeform.com/developers/responses/reference/retrieve-responses/): "#", the
		// questions under their Dutch titles, a hidden field, Response Type, the dates in UTC.
		preset:  "typeform-nps",
		summary: "39 rows read; records: responses 35; 35 written",
		want: map[string]float64{
			// Not responses: z9y8… and llmz… are partial (no Submit Date), r2t4… and kq8t… skipped
			// the question. Submit Date in UTC → Amsterdam: 2026-02-28 22:59:59 (xkl9…) is 28 Feb
			// 23:59:59, out; 23:00:00 (9326…) is 1 March 00:00, in; 2026-03-30 21:59:59 (eigz…) is
			// 30 March 23:59:59 CEST, in; 22:00:00 (01hh…) is 31 March 00:00, out, as is m5n3…
			// (31 March 23:30). The 32 of March, in file order: 9 10 10 9 6 3 8 10 10 2 9 7 8 10 6
			// 9 4 9 9 9 7 10 8 0 9 7 10 3 9 8 10 6: promoters 17, passives 7, detractors 8 → NPS
			// 100·9/32 = 28.125. n is 30 or more and neither P nor D is 0 or n: the plain interval,
			// p = 17/32, d = 8/32, var = p + d − (p − d)² = 25/32 − (9/32)² = 719/1024, half-width
			// 1.96·√(var/32)·100.
			"groups.0.metrics.nps.n": 32, "groups.0.metrics.nps.promoters": 17, "groups.0.metrics.nps.passives": 7,
			"groups.0.metrics.nps.detractors": 8, "groups.0.metrics.nps.value": 28.125,
			"groups.0.metrics.nps.ci95.0": 28.125 - 196*math.Sqrt(719.0/1024/32),
			"groups.0.metrics.nps.ci95.1": 28.125 + 196*math.Sqrt(719.0/1024/32),
			// "Wat kunnen we beter doen?" is the comment: filled on 9326 l4k2 odwd yhz0 k2p8 2v7i
			// y323 la48 f6g8 q1w3 h6ay e9r7 xacm 58d1 cgo8 yf38 ir78 eigz of March's responses.
			"groups.0.metrics.feedback_response.n": 18,
		},
	}, {
		// Google Forms, Responses > Download responses (.csv), in the shape of a real download
		// pasted in public code (/work/notes/exports.md §7b): Timestamp with the owner's offset,
		// GMT+1 in winter and GMT+2 from 29 March, a grid question as "Title [Row]" columns,
		// paragraph answers with commas, quotes and line breaks.
		preset:  "google-forms-nps",
		summary: "34 rows read; records: responses 31; 31 written",
		want: map[string]float64{
			// 28 Feb 11:59:59 PM GMT+1 is before [1 March, 31 March), 31 Mar 12:00:30 AM GMT+2 and
			// 1 Apr after; 5 March 2:15:30 PM, 18 March and 26 March left the question open. March's
			// 28 scores in file order: 9 10 8 4 7 3 10 7 9 9 10 2 0 8 6 8 9 10 7 5 10 9 10 4 8 9 6
			// 10: promoters 13, passives 7, detractors 8 → NPS 100·5/28. n is under 30: the
			// adjusted-Wald interval, P' = 13.75, D' = 8.75, n' = 31, centred on 100·5/31, var' =
			// 22.5/31 − (5/31)², half-width 1.96·√(var'/31)·100.
			"groups.0.metrics.nps.n": 28, "groups.0.metrics.nps.promoters": 13,
			"groups.0.metrics.nps.detractors": 8, "groups.0.metrics.nps.value": 500.0 / 28,
			"groups.0.metrics.nps.ci95.0": 500.0/31 - 196*math.Sqrt((22.5/31-25.0/961)/31),
			"groups.0.metrics.nps.ci95.1": 500.0/31 + 196*math.Sqrt((22.5/31-25.0/961)/31),
			// Toelichting, the comment, on 1 March 12:30 AM, 2 March 5:40 PM, 3 March 6:30 PM, 4, 6,
			// 10, 11, 14, 21, 25, 29 March and 30 March 4 PM (5 and 18 March's are on no response).
			"groups.0.metrics.feedback_response.n": 12,
		},
	}, {
		// The same form's linked Sheet downloaded as CSV with the Dutch locale (exports.md §7b,
		// path 2, inferred): "Tijdstempel", times day first without an offset, read in the
		// account's zone.
		preset:  "google-forms-nps",
		file:    "google-forms-nps-sheet-nl.csv",
		summary: "11 rows read; records: responses 10; 10 written",
		want: map[string]float64{
			// 28-2 23:59:59 is before [1 March, 31 March), 31-3 0:15 after; 29-3 3:30 is just after
			// the clocks went to summer time; 12-3 left the question open. March's scores 10 9 0 7 9 5 10 8:
			// promoters 4, passives 2, detractors 2 → NPS 100·2/8 = 25.
			"groups.0.metrics.nps.n": 8, "groups.0.metrics.nps.promoters": 4,
			"groups.0.metrics.nps.detractors": 2, "groups.0.metrics.nps.value": 25,
			// Toelichting on 1-3, 3-3, 10-3 and 20-3.
			"groups.0.metrics.feedback_response.n": 4,
		},
	}, {
		// SurveyMonkey, All responses data as CSV, in the two-header-row shape of real exports
		// quoted in public code (/work/notes/exports.md §7c): a multiple choice over three
		// columns, an open question; a web link collector (anonymous) and an e-mail collector
		// (Email Address, names, Custom Data 1). The dates as 03/13/2026 02:05:16 PM in the
		// account's zone and the NPS answer as a number are inferred, not seen (the preset says so).
		preset:  "surveymonkey-nps",
		summary: "36 rows read; records: responses 33; 33 written",
		want: map[string]float64{
			// End Date 02/20 and 02/28 11:59:30 PM are before [1 March, 31 March), 03/31 12:00:01 AM
			// after; 03/06 11:58 AM, 03/09 4:47 PM and 03/30 9:18 AM skipped the question: 30
			// responses in March. 03/04 is 4 March (month first). One voice per e-mail address:
			// anna 3 (2 March) and 9 (20 March), bram 8 (10 March) and 4 (25 March), daan 6 (16
			// March) and 9 (18 March) count with their latest; chris's 2 of 20 February is outside,
			// his 10 of 12 March counts. So 27 voices, in file order: 9 9 10 10 7 4 8 7 6 0 10 3 9
			// 10 8 9 1 9 7 9 5 4 10 8 6 10 5: promoters 12, passives 6, detractors 9 → NPS 100·3/27.
			"groups.0.metrics.nps.n": 27, "groups.0.metrics.nps.promoters": 12, "groups.0.metrics.nps.passives": 6,
			"groups.0.metrics.nps.detractors": 9, "groups.0.metrics.nps.value": 300.0 / 27,
			// "Toelichting / Open-Ended Response" is the comment: on 03/01, anna 03/02, eva 03/03,
			// 03/05 5:44 PM, 03/05 9:49 PM, 03/09 12:12 PM, 03/11, chris 03/12, 03/12 11:03 PM, daan
			// 03/16 and 03/18, 03/19, anna 03/20, gijs 03/23, bram 03/25: 15 (a superseded
			// response's comment counts too; 03/09 4:47 PM's is on no response).
			"groups.0.metrics.feedback_response.n": 15,
		},
	}}
	for _, tt := range tests {
		if tt.file == "" {
			tt.file = tt.preset + ".csv"
		}
		t.Run(tt.file, func(t *testing.T) {
			p := newProject(t)
			path := filepath.Join("testdata", "presets", tt.file)
			_, stderr, code := p.run("import", "--preset", tt.preset, path)
			if code != 0 || !strings.Contains(stderr, path+": "+tt.summary) {
				t.Fatalf("exit %d, want 0 and %q:\n%s", code, tt.summary, stderr)
			}
			p.report("2026-03-01", "2026-03-31").expect(1e-9, tt.want)
			for by, groups := range tt.groups {
				p.report("2026-03-01", "2026-03-31", "--by", by).expectGroups(by, groups)
			}
		})
	}
}

// A mapping file of one's own: a Dutch helpdesk's export with semicolons, day-first dates,
// the first reply as minutes with a decimal comma.
func TestImportMap(t *testing.T) {
	p := newProject(t)
	m := p.file("helpdesk.toml", `title = "Mijn helpdesk"
[kinds.tickets.fields]
ticket_id = { column = "Nummer" }
created_at = { column = "Aangemaakt" }
first_reply_at = { column = "Eerste reactie (min)", unit = "minutes", after = "created_at" }
solved_at = { column = "Opgelost" }
channel = { column = "Kanaal", values = { "Telefoon" = "phone", "E-mail" = "email" } }
`)
	// Mon 2 March 2026: 10:00 + 30,5 min = 10:30:30; 11:00 + 59,5 min = 11:59:30 (rounded to the
	// second); T3 unanswered. Mean (1830 + 3570)/2 = 2700 s. Solved: T1 and T2.
	src := p.file("export.csv", "Nummer;Aangemaakt;Eerste reactie (min);Opgelost;Kanaal\n"+
		"T1;02-03-2026 10:00;30,5;02-03-2026 12:00;E-mail\n"+
		"T2;02-03-2026 11:00;59,5;03-03-2026 09:00;Telefoon\n"+
		"T3;02-03-2026 12:00;;;E-mail\n")
	_, stderr, code := p.run("import", "--map", m, src)
	if code != 0 || !strings.Contains(stderr, "3 rows read; records: tickets 3; 3 written") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	p.report("2026-03-01", "2026-03-31").expect(1e-9, map[string]float64{
		"groups.0.metrics.tickets.created": 3, "groups.0.metrics.tickets.solved": 2,
		"groups.0.metrics.first_response.calendar.mean": 2700, "groups.0.metrics.tickets.share.phone": 100.0 / 3,
	})
}

// A bad row of an export: the error names the export's line and column, and nothing of the
// file — of any kind — is committed; with --skip-invalid the good rows are, and the refused
// source row is in the rejects file as read, with its reason in 'fout'.
func TestImportPresetBadRow(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "presets", "zendesk-tickets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Line 3 (ticket 4102) gets a first reply of "veel" minutes.
	lines := strings.SplitAfter(string(good), "\n")
	lines[2] = strings.Replace(lines[2], ",2,60,60,240,", ",2,veel,60,240,", 1)
	p := newProject(t)
	path := p.file("export.csv", strings.Join(lines, ""))
	_, stderr, code := p.run("import", "--preset", "zendesk-tickets", path)
	want := path + `:3: First reply time in minutes: "veel" is not a number`
	if code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
	if n := p.count("tickets"); n != 0 {
		t.Errorf("%d tickets committed, want none", n)
	}
	if n := p.count("responses"); n != 0 {
		t.Errorf("%d responses committed, want none", n)
	}
	_, stderr, code = p.run("import", "--preset", "zendesk-tickets", "--skip-invalid", path)
	if code != 0 || !strings.Contains(stderr, "36 rows read, 1 refused; records: tickets 35, responses 23; 58 written") {
		t.Fatalf("--skip-invalid: exit %d\n%s", code, stderr)
	}
	rejects, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r := string(rejects); !strings.Contains(r, ",fout\n") || !strings.Contains(r, "1,4102,Bram Smit,") || strings.Count(r, "\n") != 2 {
		t.Errorf("rejects file:\n%s", r)
	}
}

// The rejects file of an export with two header rows (SurveyMonkey, header_rows = 2) keeps
// both, the second with an empty 'fout', so that the user can do as docs/import.md says —
// correct the rows, delete the column fout, import the file again by the same preset — and
// the corrected row's data is not taken for the second header row.
func TestImportPresetRejectsOfTwoHeaderRows(t *testing.T) {
	p := newProject(t)
	const q = "Hoe waarschijnlijk is het dat je ons aanbeveelt aan vrienden of collega's?"
	path := p.file("surveymonkey.csv", "Respondent ID,Collector ID,Start Date,End Date,"+q+"\n"+
		",,,,Response\n"+
		"1001,7,03/02/2026 10:00:00 AM,03/02/2026 10:04:00 AM,9\n"+ // line 3: good
		"1002,7,13/45/2026 10:00:00 AM,13/45/2026 10:04:00 AM,10\n") // line 4: no such date
	_, stderr, code := p.run("import", "--preset", "surveymonkey-nps", "--skip-invalid", path)
	if code != 0 || !strings.Contains(stderr, "1 refused") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	raw, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := [][]string{
		{"Respondent ID", "Collector ID", "Start Date", "End Date", q, "fout"},
		{"", "", "", "", "Response", ""},
	}
	if len(rows) != 3 || !slices.Equal(rows[0], head[0]) || !slices.Equal(rows[1], head[1]) || rows[2][0] != "1002" {
		t.Fatalf("rejects file, want both header rows and row 1002:\n%s", raw)
	}
	// What the user does: correct the dates, delete the column fout, import again.
	var fixed strings.Builder
	w := csv.NewWriter(&fixed)
	for _, r := range rows {
		r = r[:len(r)-1]
		if r[0] == "1002" {
			r[2], r[3] = "03/05/2026 10:00:00 AM", "03/05/2026 10:04:00 AM"
		}
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	again := p.file("surveymonkey-fixed.csv", fixed.String())
	if _, stderr, code := p.run("import", "--preset", "surveymonkey-nps", again); code != 0 || !strings.Contains(stderr, "1 row read;") {
		t.Fatalf("the corrected rejects file does not import: exit %d\n%s\nrejects file:\n%s", code, stderr, raw)
	}
	if rec := p.record(cx.KindResponses, "1002"); rec == nil {
		t.Error("response 1002 not stored after the corrected re-import")
	}
}

// How the command line says what to give: --kind with a preset is refused, a known export
// without --preset is named but not guessed, and --list-presets lists every preset with its
// title and documentation.
func TestImportPresetUsage(t *testing.T) {
	p := newProject(t)
	zendesk := filepath.Join("testdata", "presets", "zendesk-tickets.csv")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--kind", "tickets", "--preset", "zendesk-tickets", zendesk}, 2, "--kind is for klantpuls's own files"},
		{[]string{"--map", "x.toml", "--preset", "zendesk-tickets", zendesk}, 2, "give one of them"},
		{[]string{zendesk}, 2, zendesk + " looks like Zendesk: tickets (Admin Center CSV export): import it with --preset zendesk-tickets"},
		{[]string{p.file("own.csv", "ticket_id,created_at\nT1,2026-03-02 10:00\n")}, 2, "give --kind KIND for klantpuls's own files, or --preset NAME, --map FILE or --mapping NAME"},
		{[]string{"--preset", "trengo", zendesk}, 2, `no preset "trengo"; the presets are chatwoot-csat, freshdesk-satisfaction-api, freshdesk-tickets, freshdesk-tickets-api, google-forms-nps, shopify-orders, surveymonkey-nps, typeform-nps, woocommerce-orders, zendesk-satisfaction-json, zendesk-tickets, zendesk-tickets-api, zendesk-tickets-json`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, stderr, code := p.run(append([]string{"import"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d and %q:\n%s", code, tt.code, tt.want, stderr)
			}
		})
	}
	stdout, stderr, code := p.run("import", "--list-presets")
	for _, want := range []string{"zendesk-tickets\n  Zendesk: tickets (Admin Center CSV export)\n  source: https://support.zendesk.com/hc/en-us/articles/4408886165402",
		"shopify-orders\n", "chatwoot-csat\n", "freshdesk-tickets\n"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("--list-presets: exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
		}
	}
}
