package mapping

import (
	"reflect"
	"testing"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// wooStatusHeader is WooCommerce's Analytics > Orders download with its Status column
// (Controller.php get_export_columns), the columns the preset reads.
const wooStatusHeader = "Date,Order #,Status,Customer,Customer type,Items sold,Net Sales\n"

// shopifyCancelHeader is the columns of Shopify's order export the preset reads.
const shopifyCancelHeader = "Name,Email,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Billing Name,Refunded Amount,Currency,Cancelled at\n"

// A row a delete rule matches is no record: it yields the deletion of its key instead, one per
// key however many of its rows match, and only the key's fields are read from it.
func TestDeleteRules(t *testing.T) {
	for _, c := range []mapCase{{
		name:    "Shopify: a cancel on any line item's row makes the order one deletion",
		mapping: "preset:shopify-orders",
		// #1010's first row is open; "Cancelled at" only on its second line item's row (a
		// hand-edited file): the group is cancelled all the same. #1011 stays an order.
		src: shopifyCancelHeader +
			"#1010,anna@example.nl,paid,64.85,2026-03-13 14:04:12 +0100,1,Sjaal,Anna de Vries,0.00,EUR,\n" +
			"#1010,,,,,1,Muts,,,,2026-03-14 09:00:00 +0100\n" +
			"#1011,bram@example.com,paid,25.00,2026-03-14 09:58:40 +0100,1,Muts,Bram Smit,0.00,EUR,\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindOrders:              "order_id,customer_id,ordered_at,amount,currency\n#1011,bram@example.com,2026-03-14 09:58:40 +0100,25,EUR\n",
			cx.KindOrders + " deleted": "#1010\n",
			cx.KindCustomers:           "customer_id,acquired_at,name\nbram@example.com,2026-03-14T09:58:40+01:00,Bram Smit\n",
		},
	}, {
		name:    "Shopify: a cancelled order's own cells are not read: a bad total or time is no error",
		mapping: "preset:shopify-orders",
		src: shopifyCancelHeader +
			"#1012,anna@example.nl,voided,n.v.t.,gisteren,1,Sjaal,Anna de Vries,,EUR,2026-03-14 09:00:00 +0100\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindOrders:              "order_id,customer_id,ordered_at,amount,currency\n",
			cx.KindOrders + " deleted": "#1012\n",
			cx.KindCustomers:           "customer_id,acquired_at,name\n",
		},
	}, {
		name:    "WooCommerce: an order with a cancelled row, before or after its others, is one deletion in its place; pending and failed too",
		mapping: "preset:woocommerce-orders",
		// 3030: on hold, then cancelled (the report lists the newest first). 3031: its refund
		// row first, then the sale: 59.90 − 10 = 49.9 (written as amount writes 59.9). 3032: cancelled, its refund row after
		// it alone would add up to −10, below 0, which is no error for an order deleted.
		// 3033 pending payment, 3034 failed: no sale either (Analytics' excluded statuses).
		src: wooStatusHeader +
			"2026-03-20 10:00:00,3030,cancelled,Iris Meijer,new,1,24.79\n" +
			"2026-03-19 10:00:00,3031,completed,Kees Bos,new,-1,-10\n" +
			"2026-03-18 10:00:00,3032,cancelled,Lotte Peters,new,1,30\n" +
			"2026-03-17 10:00:00,3033,pending,Noor Yılmaz,new,1,15\n" +
			"2026-03-16 10:00:00,3034,Failed,Sanne van den Berg,new,1,15\n" +
			"2026-03-15 10:00:00,3030,on-hold,Iris Meijer,new,1,24.79\n" +
			"2026-03-14 10:00:00,3031,completed,Kees Bos,new,2,59.90\n" +
			"2026-03-13 10:00:00,3032,completed,Lotte Peters,new,-1,-10\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindOrders:              "order_id,customer_id,ordered_at,amount\n3031,Kees Bos,2026-03-14T10:00:00+01:00,49.9\n",
			cx.KindOrders + " deleted": "3030\n3032\n3033\n3034\n",
		},
	}, {
		name:    "WooCommerce: a download without the Status column (hidden in the browser) deletes nothing",
		mapping: "preset:woocommerce-orders",
		src:     "Date,Order #,Customer,Customer type,Items sold,Net sales\n2026-03-15 10:00:00,3030,Iris Meijer,new,1,24.79\n",
		opt:     Options{Account: amsterdam},
		want:    map[cx.Kind]string{cx.KindOrders: "order_id,customer_id,ordered_at,amount\n3030,Iris Meijer,2026-03-15T10:00:00+01:00,24.79\n"},
	}, {
		// Zendesk closes a ticket merged into another with the tag closed_by_merge ("Merging
		// tickets", https://support.zendesk.com/hc/en-us/articles/4408882445594); the CSV export
		// writes a ticket's tags in one cell, apart by spaces as Zendesk's tags are. 4102 was
		// merged into 4101: no ticket of its own, its stored one deleted. 4103's tag only holds
		// the words: first reply 08:01 + 4 min, first resolution + 59 min = 09:00.
		name:    "Zendesk tickets CSV: a ticket merged into another is a deletion",
		mapping: "preset:zendesk-tickets",
		src: "Summation column,Id,Requester id,Assignee,Group,Tags,Status,Via,Ticket type,Created at,Solved at,Satisfaction Score,Reopens,Replies,First reply time in minutes,First resolution time in minutes\n" +
			// 4101: 14:05 + 35 min = 14:40, + 155 min = 16:40.
			"1,4101,381001,Piet Jansen,Support,levering,Solved,Mail,Question,2026-03-13 14:05:00,2026-03-13 16:40:00,Not Offered,0,1,35,155\n" +
			"1,4102,381001,Piet Jansen,Support,closed_by_merge levering,Closed,Mail,Question,2026-03-13 14:30:00,2026-03-13 16:40:00,Not Offered,0,0,,\n" +
			"1,4103,381002,Piet Jansen,Support,not_closed_by_merge,Solved,Web form,Question,2026-03-14 08:01:00,2026-03-14 09:00:00,Not Offered,0,1,4,59\n",
		opt: Options{Account: amsterdam},
		want: map[cx.Kind]string{
			cx.KindTickets: "ticket_id,created_at,customer_id,channel,team,agent,category,direction,first_reply_at,first_solved_at,solved_at,reopens,agent_replies\n" +
				"4101,2026-03-13T14:05:00+01:00,381001,email,Support,Piet Jansen,Question,inbound,2026-03-13T14:40:00+01:00,2026-03-13T16:40:00+01:00,2026-03-13 16:40:00,0,1\n" +
				"4103,2026-03-14T08:01:00+01:00,381002,web,Support,Piet Jansen,Question,inbound,2026-03-14T08:05:00+01:00,2026-03-14T09:00:00+01:00,2026-03-14 09:00:00,0,1\n",
			cx.KindTickets + " deleted": "4102\n",
			cx.KindResponses:            "response_id,survey,score,submitted_at,customer_id,ticket_id,team,agent,scale\n",
		},
	}, {
		// The full JSON export's ticket has its tags as a list, which the JSON reader joins
		// with ", " (the columns below are the paths it reads).
		name:    "Zendesk tickets JSON: a ticket merged into another is a deletion",
		mapping: "preset:zendesk-tickets-json",
		src: "ticket.id,ticket.created_at,ticket.requester_id,ticket.group_id,ticket.assignee_id,ticket.type,ticket.via.channel,ticket.tags\n" +
			"4101,2026-03-13T13:05:00Z,381001,44,135,question,email,levering\n" +
			"4102,2026-03-13T13:30:00Z,381001,44,135,question,email,\"levering, closed_by_merge\"\n",
		want: map[cx.Kind]string{
			cx.KindTickets:              "ticket_id,created_at,customer_id,channel,team,agent,category\n4101,2026-03-13T13:05:00Z,381001,email,44,135,question\n",
			cx.KindTickets + " deleted": "4102\n",
		},
	}} {
		t.Run(c.name, c.run)
	}
}

// A review's key is its review_id and criterion (data.md): its deletion carries both, and no
// other field, so a bad rating on the row is no error.
func TestDeleteReviewKey(t *testing.T) {
	m := mustParse(t, "reviews.toml", `title = "Reviews"
[kinds.reviews]
delete = { "Status" = "^removed$" }
[kinds.reviews.fields]
review_id = { column = "Id" }
reviewed_at = { column = "At" }
agent = { column = "Agent" }
criterion = { column = "Criterion" }
rating = { column = "Rating" }`)
	e, errs := m.Start([][]string{{"Id", "At", "Agent", "Criterion", "Rating", "Status"}}, Options{File: "r.csv"})
	if errs != nil {
		t.Fatal(errs)
	}
	recs, errs := e.Row(2, []string{"r1", "gisteren", "Piet", " Toon ", "goed", "Removed"})
	want := []Record{{Kind: cx.KindReviews, Line: 2, Cells: []string{"r1", "", "", "Toon", ""}, Delete: true}}
	if errs != nil || !reflect.DeepEqual(recs, want) {
		t.Errorf("got %+v, %v; want %+v", recs, errs, want)
	}
}

func TestDeleteRuleMistake(t *testing.T) {
	text := "title = \"T\"\n[kinds.events]\ndelete = { \"Status\" = \"(\" }\n[kinds.events.fields]\nevent_id = { column = \"Id\" }\ncustomer_id = { column = \"Klant\" }\nkind = { value = \"x\" }\nat = { column = \"At\" }\n"
	want := `m.toml:3: kinds.events.delete: "Status" = "(": write a column and a regular expression its cells match in the rows whose stored record to delete, such as "Financial Status" = "^voided$"`
	if _, err := Parse("m.toml", []byte(text)); err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
