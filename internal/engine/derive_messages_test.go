package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/klantpuls/klantpuls/internal/calendar"
	"github.com/klantpuls/klantpuls/internal/cx"
)

// TestDeriveTicket pins the reply rule and the last contact on hand-computed cases, with office
// hours (Monday to Friday 09:00-17:00, Europe/Amsterdam) in the week of Friday 6 March 2026 (no
// holiday; UTC+1).
func TestDeriveTicket(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.New(calendar.OfficeHours(ams))
	if err != nil {
		t.Fatal(err)
	}
	// at is an instant on Friday 6 March (day 0) or Monday 9 March (day 3).
	at := func(day, hour, minute int) uint32 {
		return Instant(time.Date(2026, 3, 6+day, hour, minute, 0, 0, ams))
	}
	msg := func(author string, a uint32) ReplyMessage { return ReplyMessage{At: a, Author: AuthorCode(author)} }
	const none = NoSeconds
	type sample struct{ cal, biz uint32 }
	tests := []struct {
		name    string
		row     TicketRow
		msgs    []ReplyMessage
		want    TicketDerived
		samples []sample // per message, in order
	}{
		{name: "no messages: the row's own first reply and agent_replies",
			row: TicketRow{Created: at(0, 9, 0), FirstReply: at(0, 10, 0), Replies: 3},
			want: TicketDerived{FirstReply: at(0, 10, 0), Replies: 3, FirstReplyBiz: 3600, SolvedBiz: none, FirstSolvedBiz: none,
				LastContact: at(0, 10, 0)}},
		{name: "no messages and no reply columns: waiting, replies not known",
			row: TicketRow{Created: at(0, 9, 0), Replies: NoReplies},
			want: TicketDerived{Replies: NoReplies, FirstReplyBiz: none, SolvedBiz: none, FirstSolvedBiz: none, Waiting: true,
				LastContact: at(0, 9, 0)}},
		{name: "over a weekend: Friday 16:00 to Monday 10:00 is 66 hours, 2 business hours",
			row:  TicketRow{Created: at(0, 16, 0), Solved: at(3, 10, 0), Replies: NoReplies},
			msgs: []ReplyMessage{msg(cx.AuthorCustomer, at(0, 16, 0)), msg(cx.AuthorAgent, at(3, 10, 0))},
			want: TicketDerived{FirstReply: at(3, 10, 0), Replies: 1, FirstReplyBiz: 7200, SolvedBiz: 7200, FirstSolvedBiz: 7200,
				LastContact: at(3, 10, 0)},
			samples: []sample{{none, none}, {66 * 3600, 7200}}},
		{name: "an agent message before the creation counts as a reply, but is no first reply or sample",
			row: TicketRow{Created: at(0, 10, 0), FirstReply: at(0, 9, 30), Replies: 5},
			msgs: []ReplyMessage{msg(cx.AuthorAgent, at(0, 9, 30)), msg(cx.AuthorCustomer, at(0, 10, 5)),
				msg(cx.AuthorAgent, at(0, 10, 20))},
			want: TicketDerived{FirstReply: at(0, 10, 20), Replies: 2, FirstReplyBiz: 1200, SolvedBiz: none, FirstSolvedBiz: none,
				LastContact: at(0, 10, 20)},
			samples: []sample{{none, none}, {none, none}, {900, 900}}},
		{name: "author kinds: bots, notes and unknown authors are neither question nor reply",
			row: TicketRow{Created: at(0, 9, 0), FirstSolved: at(0, 12, 0), Solved: at(3, 9, 30), Replies: NoReplies},
			msgs: []ReplyMessage{msg(cx.AuthorBot, at(0, 9, 1)), msg(cx.AuthorNote, at(0, 9, 2)), msg("robot", at(0, 9, 3)),
				// No customer message first: the creation is the question (10 minutes).
				msg(cx.AuthorAgent, at(0, 9, 10)),
				// Two unanswered customer messages: measured from the first (20 minutes).
				msg(cx.AuthorCustomer, at(0, 9, 20)), msg(cx.AuthorCustomer, at(0, 9, 25)), msg(cx.AuthorBot, at(0, 9, 30)),
				msg(cx.AuthorAgent, at(0, 9, 40)),
				// A second reply in a row answers nothing.
				msg(cx.AuthorAgent, at(0, 9, 50))},
			want: TicketDerived{FirstReply: at(0, 9, 10), Replies: 3, FirstReplyBiz: 600,
				SolvedBiz: 8*3600 + 1800, FirstSolvedBiz: 3 * 3600, LastContact: at(3, 9, 30)},
			samples: []sample{{none, none}, {none, none}, {none, none}, {600, 600}, {none, none}, {none, none}, {none, none},
				{1200, 1200}, {none, none}}},
		{name: "outbound: replies and a first reply, no samples, never waiting",
			row: TicketRow{Created: at(0, 9, 0), Replies: NoReplies, Outbound: true},
			msgs: []ReplyMessage{msg(cx.AuthorAgent, at(0, 9, 10)), msg(cx.AuthorCustomer, at(0, 9, 20)),
				msg(cx.AuthorAgent, at(0, 9, 30))},
			want: TicketDerived{FirstReply: at(0, 9, 10), Replies: 2, FirstReplyBiz: 600, SolvedBiz: none, FirstSolvedBiz: none,
				LastContact: at(0, 9, 30)},
			samples: []sample{{none, none}, {none, none}, {none, none}}},
		{name: "messages without an agent's: no first reply though the row has one, 0 replies",
			row:  TicketRow{Created: at(0, 9, 0), FirstReply: at(0, 9, 5), Replies: 1},
			msgs: []ReplyMessage{msg(cx.AuthorCustomer, at(0, 9, 0))},
			want: TicketDerived{Replies: 0, FirstReplyBiz: none, SolvedBiz: none, FirstSolvedBiz: none, Waiting: true,
				LastContact: at(0, 9, 0)}, // the customer's message; not the row's first reply
			samples: []sample{{none, none}}},
		{name: "solved before the creation is not measured",
			row: TicketRow{Created: at(0, 9, 0), Solved: at(0, 8, 0), Replies: 0},
			want: TicketDerived{Replies: 0, FirstReplyBiz: none, SolvedBiz: none, FirstSolvedBiz: none, Waiting: true,
				LastContact: at(0, 9, 0)}},
		{name: "last contact: a note and a bot after the agent's reply are no contact with the customer",
			row: TicketRow{Created: at(0, 9, 0), Replies: NoReplies},
			msgs: []ReplyMessage{msg(cx.AuthorCustomer, at(0, 9, 10)), msg(cx.AuthorAgent, at(0, 9, 20)),
				msg(cx.AuthorNote, at(0, 9, 30)), msg(cx.AuthorBot, at(0, 9, 40))},
			want: TicketDerived{FirstReply: at(0, 9, 20), Replies: 1, FirstReplyBiz: 1200, SolvedBiz: none, FirstSolvedBiz: none,
				LastContact: at(0, 9, 20)},
			samples: []sample{{none, none}, {600, 600}, {none, none}, {none, none}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			samples := make([]ReplySample, len(tc.msgs))
			if got := DeriveTicket(tc.row, tc.msgs, cal, samples); got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			for i, m := range samples {
				if got := (sample{m.Cal, m.Biz}); got != tc.samples[i] {
					t.Errorf("message %d: sample %v, want %v", i, got, tc.samples[i])
				}
			}
		})
	}
}

// TestSortMessages: by time, at the same second the customer before the agent (a reply cannot
// precede its question), then by id.
func TestSortMessages(t *testing.T) {
	ids := []string{"m3", "m1", "m2", "m0"}
	msgs := []ReplyMessage{
		{At: 100, Author: AuthorCode(cx.AuthorAgent), Ref: 0},
		{At: 100, Author: AuthorCode(cx.AuthorCustomer), Ref: 1},
		{At: 100, Author: AuthorCode(cx.AuthorAgent), Ref: 2},
		{At: 90, Author: AuthorCode(cx.AuthorAgent), Ref: 3},
	}
	SortMessages(msgs, func(ref uint32) string { return ids[ref] })
	var got []uint32
	for _, m := range msgs {
		got = append(got, m.Ref)
	}
	if fmt.Sprint(got) != fmt.Sprint([]uint32{3, 1, 2, 0}) {
		t.Errorf("order %v, want [3 1 2 0]", got)
	}
	// The customer's question and the reply at the same second: a sample of 0 seconds.
	cal, err := calendar.New(calendar.OfficeHours(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	samples := make([]ReplySample, 2)
	d := DeriveTicket(TicketRow{Created: 80, Replies: NoReplies}, msgs[1:3], cal, samples)
	if d.FirstReply != 100 || d.Replies != 1 || samples[1] != (ReplySample{0, 0}) {
		t.Errorf("got %+v, sample %v; want first reply 100, 1 reply, sample 0", d, samples[1])
	}
}
