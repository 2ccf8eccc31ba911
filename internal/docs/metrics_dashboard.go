package docs

import (
	"bytes"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/metric"
)

// writeDashboardFigures writes the figures the dashboard shows beside the metrics, which the
// report JSON does not hold: the backlog of now and the SLA met per team. The age buckets are
// read from metric.AgeBuckets, so the document names the bands the code counts.
func writeDashboardFigures(b *bytes.Buffer) {
	b.WriteString(`
<a id="dashboard-figures"></a>
## Dashboard figures

A few figures are the dashboard's own: they answer "what is waiting now" and "which tickets
missed their target", not "how did the period go", and are not in the report JSON, the CSV or
` + "`klantpuls report`" + `. They follow the view's filters (channel, team, agent, segment; an agent sees
their own tickets only). They are on the *Werkvoorraad* (Backlog) page, ` + "`/backlog`" + `.

<a id="backlog"></a>
### Backlog — *Werkvoorraad*

- **Open.** A ticket is open at an instant when it is inbound, was created before that instant
  and was not solved at or before it (a ticket solved at exactly that second is no longer open;
  one whose ` + "`solved_at`" + ` lies later still is). Outbound tickets are never open. The page counts
  the tickets open **now** (the server's clock), whatever period is chosen.
- **Unassigned.** Of those open, the ones without an agent.
- **Age.** Calendar time since ` + "`created_at`" + ` — nights, weekends and holidays count, as the
  customer waits through them — in bands that include their lower bound:
`)
	for _, a := range metric.AgeBuckets {
		switch {
		case a.From == 0:
			fmt.Fprintf(b, "  under %s (`%s`);", days(a.To), a.Key)
		case a.To == 0:
			fmt.Fprintf(b, " %s and more (`%s`).\n", days(a.From), a.Key)
		default:
			fmt.Fprintf(b, " %s up to %s (`%s`);", days(a.From), days(a.To), a.Key)
		}
	}
	b.WriteString(`  A ticket exactly one day old is in the second band. The follow-up list's age filter uses the
  same bands.
- **Per team.** Open, unassigned, and the age of the team's oldest open ticket, shown as the
  time passed, as a clock counts — whole minutes under a day, whole hours from a day
  (` + "`23 u 59 m`, `9 d 3 u`" + `), never rounded up into the next band; the workbook gives seconds.
- **Not measured.** When no ticket at all has a ` + "`solved_at`" + ` (an export without the column),
  every ticket would look open: the backlog shows "not measured", never a count.
- **Created and solved per day.** The ` + "[tickets](#tickets)" + ` metric's ` + "`created`" + ` and ` + "`solved`" + ` per
  day of the period (per month for a period over 400 days), up to today; today's bucket
  is marked partial.

<a id="sla-met"></a>
### SLA met — *SLA gehaald*

- **Target.** Per team a first-response target in business seconds (*Doelen*; default 8
  business hours), counted in the team's business hours.
- **Due.** An inbound ticket falls due when its team's target has passed in business time after
  ` + "`created_at`" + `. A period's (or a step's) tickets are those due in it and before now.
- **Breached.** A due ticket whose first reply came after its due instant, or has not come yet.
  A reply at exactly the due second is in time. One rule judges each ticket for the breach rate
  on the service page, the SLA met per step and the list of breaches, so the list's count per team
  is the breached figure.
- **Met %.** 100 × (due − breached) ÷ due = 100 − the breach rate; empty (not 0) for a team with
  nothing due in a step. Shown per team per week (per day for a period under 21 days, per month
  for one over about 7½ years), with the number due as *n*; the current step is partial.
- **Lateness.** For a breach, the team's business time from the due instant to the first reply,
  or to now while unanswered. A reply outside hours just after a due time at closing is breached
  and 0 minutes late.
- **Not measured.** When no ticket has any reply data (no messages, ` + "`first_reply_at`" + ` or
  ` + "`agent_replies`" + `), breaches are not measured.
`)
}

// days writes a duration of whole days as "1 day" or "3 days".
func days(d time.Duration) string {
	n := int(d / (24 * time.Hour))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
