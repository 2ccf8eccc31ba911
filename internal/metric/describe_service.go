package metric

// The descriptors of the service metrics (metrics.md section 2).
//
// The headline of every duration is its mean. metrics.md names these figures as averages —
// reply time is the "average response time", wait and handle time are AWT and AHT, and first
// response time leaves the backlog out so that it "does not drag the mean" — and its worked
// vectors give the mean first. The median and p90 stay in the report beside it (the table
// shows them as details), because a few long waits move a mean a lot.

// businessMean is the headline of a duration measured in calendar and business time: the mean
// in business time, the hours the team is open.
var businessMean = Headline{Field: "business.mean", N: "business.n"}

const (
	serviceTimeFormula = "Per ticket the time between the two instants. " + serviceTimeSummary
	serviceTimeSummary = "The report gives, in " +
		"calendar time and in business time, the number measured (`n`), the mean, the " +
		"median and the 90th percentile (`p90`); the headline is the mean in business time."
	businessTime = "Business time counts only the open hours of the calendar of the ticket's " +
		"team (else the default hours), skipping closed days and public holidays: a ticket " +
		"created on Friday at 17:30 and answered on Monday at 09:30 waited 30 minutes."
	percentiles = "Median and p90 interpolate linearly between the two nearest ranks (the median " +
		"of an even number of tickets is the mean of the middle two)."
	noDurations = "Nothing measured: `n` is 0 and mean, median and p90 are empty (null), never 0."
)

var describeFirstResponse = &Descriptor{
	Key:   "first_response",
	Label: Words{"Eerste reactietijd", "First response time"},
	Explain: Words{
		"Hoe lang een klant gemiddeld wacht op het eerste antwoord van een medewerker, in werkuren.",
		"How long a customer waits on average for an agent's first reply, in business hours.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: businessMean, SplitBy: allDims,
	Doc: Doc{
		Definition: "For each inbound ticket, the time from its creation (`created_at`) to the first " +
			"reply of an agent. The first reply is the first message by an `agent` at or after " +
			"`created_at`; a ticket without messages uses its `first_reply_at` column. " + businessTime,
		Formula:     serviceTimeFormula + " " + percentiles,
		Attribution: "The first reply: a ticket created in March and answered in April counts in April.",
		EdgeCases: []string{
			"Outbound tickets (`direction = outbound`) are left out.",
			"Messages by a `bot` and internal `note`s are never a reply. A ticket with messages but " +
				"none by an agent has no first reply, whatever its `first_reply_at` says.",
			"`unanswered` is the backlog: inbound tickets created before the end of the period " +
				"without a first reply before it, solved or not. They are shown, but not averaged " +
				"in: a waiting ticket has no duration yet. When no ticket has reply data at all (no " +
				"first reply, messages or `agent_replies`: an export without reply columns) the backlog " +
				"is null, not measured, and so is the first-response SLA.",
			"A reply before `created_at` is refused at import.",
			noDurations,
		},
	},
}

var describeReplyTime = &Descriptor{
	Key:   "reply_time",
	Label: Words{"Antwoordtijd", "Reply time"},
	Explain: Words{
		"Hoe lang klanten gemiddeld wachten op elk antwoord in een gesprek, in werkuren.",
		"How long customers wait on average for each reply in a conversation, in business hours.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: businessMean, SplitBy: allDims,
	Doc: Doc{
		Definition: "The average response time over the whole conversation, not only the first " +
			"reply: every agent message that answers one or more waiting customer messages is " +
			"measured from the earliest of them. " + businessTime,
		Formula: "Per answering agent message: its time − the earliest customer message it answers. " +
			serviceTimeSummary,
		Attribution: "The agent message that answers.",
		EdgeCases: []string{
			"Needs the messages file (or messages sent to the API); without messages `n` is 0.",
			"An agent message while no customer message waits (a second reply in a row) is skipped.",
			"When a ticket does not start with a customer message, its creation counts as one.",
			"Outbound tickets are left out; `bot` and `note` messages never answer.",
			noDurations,
		},
	},
}

var describeResolution = &Descriptor{
	Key:   "resolution",
	Label: Words{"Oplostijd", "Resolution time"},
	Explain: Words{
		"Hoe lang het gemiddeld duurt tot een ticket definitief is opgelost, in werkuren.",
		"How long it takes on average until a ticket is finally solved, in business hours.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: businessMean, SplitBy: allDims,
	Doc: Doc{
		Definition: "For each solved ticket, the time from `created_at` to `solved_at`, its final " +
			"solution (after any reopening). " + businessTime,
		Formula:     serviceTimeFormula,
		Attribution: "When the ticket was solved (`solved_at`).",
		EdgeCases: []string{
			"Unsolved tickets are not counted: not as zero and not as still running.",
			"A `solved_at` before `created_at` is refused at import.",
			noDurations,
		},
	},
}

var describeFirstResolution = &Descriptor{
	Key:   "first_resolution",
	Label: Words{"Eerste oplostijd", "First resolution"},
	Explain: Words{
		"Hoe lang het gemiddeld duurt tot een ticket voor het eerst is opgelost, in werkuren.",
		"How long it takes on average until a ticket is first solved, in business hours.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: businessMean, SplitBy: allDims,
	Doc: Doc{
		Definition: "For each ticket solved at least once, the time from `created_at` to the first " +
			"solution: `first_solved_at`, or `solved_at` when that column is empty. The difference " +
			"with resolution time shows what reopened tickets cost. " + businessTime,
		Formula:     serviceTimeFormula,
		Attribution: "The first solution (`first_solved_at`, else `solved_at`).",
		EdgeCases: []string{
			"Unsolved tickets are not counted.",
			noDurations,
		},
	},
}

var describeComplaintResolution = &Descriptor{
	Key:   "complaint_resolution",
	Label: Words{"Klachtafhandeltijd", "Complaint handling"},
	Explain: Words{
		"Hoe lang het gemiddeld duurt tot een klacht is opgelost, in werkuren.",
		"How long it takes on average to solve a complaint, in business hours.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: businessMean, SplitBy: allDims,
	Doc: Doc{
		Definition: "Resolution time of the tickets marked as a complaint (`complaint = true`), and " +
			"`mean_days`: the mean number of calendar days from the local date of creation to the " +
			"local date of solution (Monday to Wednesday is 2), the way a complaints procedure " +
			"counts days. " + businessTime,
		Formula:     serviceTimeFormula,
		Attribution: "When the complaint was solved (`solved_at`).",
		EdgeCases: []string{
			"Unsolved complaints are not counted.",
			"No complaints solved: `n` is 0 and `mean_days` is empty (null).",
		},
	},
}

var describeFCR = &Descriptor{
	Key:   "fcr",
	Label: Words{"Oplossing bij 1e contact", "First contact resolution"},
	Explain: Words{
		"Aandeel opgeloste tickets met hoogstens één antwoord van een medewerker en zonder heropening.",
		"Share of solved tickets with at most one agent reply and no reopening.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "Of the tickets solved in the period whose agent replies are known, the share " +
			"solved in one touch: at most one agent reply and never reopened.",
		Formula: "100 × tickets with at most one agent reply and no reopen ÷ tickets measured. The " +
			"agent replies are counted from the ticket's messages, else taken from its " +
			"`agent_replies` column; an empty `reopens` is 0.",
		Attribution: "When the ticket was solved (`solved_at`).",
		EdgeCases: []string{
			"A solved ticket with neither messages nor `agent_replies` is not measured: an export " +
				"without reply data shows an empty FCR (null, \"not measured\"), never 100%.",
			"Some articles divide the other way round (tickets received ÷ tickets solved), which " +
				"can exceed 100%; klantpuls does not.",
		},
	},
}

var describeTransfers = &Descriptor{
	Key:   "transfers",
	Label: Words{"Doorgezet", "Transfer rate"},
	Explain: Words{
		"Aandeel opgeloste tickets dat minstens één keer aan een andere medewerker of team is doorgezet.",
		"Share of solved tickets passed on to another agent or team at least once.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: LowerIsBetter, Test: ProportionTest,
	Headline:   Headline{Field: "value", N: "n"},
	Proportion: [2]string{"transferred", "n"},
	SplitBy:    allDims,
	Doc: Doc{
		Definition: "Of the tickets solved in the period whose `transfers` column is known, the share " +
			"that was passed on to another agent or team at least once: a customer who had to tell " +
			"the story twice.",
		Formula:     "100 × tickets with `transfers` ≥ 1 ÷ tickets with a `transfers` value (`n`).",
		Attribution: "When the ticket was solved (`solved_at`), as first contact resolution.",
		EdgeCases: []string{
			"A ticket with an empty `transfers` is not measured (not counted as 0): an export " +
				"without the column shows an empty rate (null, \"not measured\"), never 0%.",
			"Unsolved tickets are not counted; how many times a ticket moved beyond the first does " +
				"not change the rate.",
		},
		Example: "In March five tickets are solved with `transfers` 0, 2, empty, 1 and 0, and one " +
			"with 3 is solved in April. March measures the four with a value: `n` 4, " +
			"`transferred` 2, rate 100 × 2 ÷ 4 = 50.0%; the empty one and April's are not in it.",
	},
}

var describeWaitTime = &Descriptor{
	Key:   "wait_time",
	Label: Words{"Wachttijd", "Wait time"},
	Explain: Words{
		"Hoe lang klanten gemiddeld in de wachtrij staan voor ze een medewerker spreken.",
		"How long customers queue on average before they reach an agent.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: Headline{Field: "mean", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "The average wait time (AWT) of calls and chats, from the ticket column " +
			"`wait_seconds` as the telephone or chat system measured it.",
		Formula:     "The number of tickets with a `wait_seconds` (`n`), and the mean, median and p90 of it; the headline is the mean.",
		Attribution: "When the customer was answered: `created_at` + `wait_seconds`.",
		EdgeCases: []string{
			"Tickets without `wait_seconds` are not counted.",
			"The seconds are taken as given: no business-hours calendar applies.",
			noDurations,
		},
	},
}

var describeHandleTime = &Descriptor{
	Key:   "handle_time",
	Label: Words{"Afhandeltijd", "Handle time"},
	Explain: Words{
		"Hoeveel tijd een medewerker gemiddeld aan een contact besteedt.",
		"How much time an agent spends on a contact on average.",
	},
	Unit: UnitSeconds, Format: FormatDuration, Direction: LowerIsBetter,
	Headline: Headline{Field: "mean", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "The average handle time (AHT): talk, chat or writing time plus the work after " +
			"it, from the ticket column `handle_seconds`.",
		Formula:     "The number of tickets with a `handle_seconds` (`n`), and the mean, median and p90 of it; the headline is the mean.",
		Attribution: "When the ticket was solved (`solved_at`), else when it was created.",
		EdgeCases: []string{
			"Tickets without `handle_seconds` are not counted.",
			"The seconds are taken as given: no business-hours calendar applies.",
			noDurations,
		},
	},
}

var describeTickets = &Descriptor{
	Key:   "tickets",
	Label: Words{"Tickets", "Tickets"},
	Explain: Words{
		"Aantal nieuwe en opgeloste tickets, en het aandeel van elk kanaal.",
		"Number of new and solved tickets, and each channel's share.",
	},
	Unit: UnitCount, Format: FormatCount, Direction: NoDirection,
	Headline: Headline{Field: "created"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "Ticket volume: how many tickets came in, how many were solved, and through " +
			"which channels they came.",
		Formula: "`created`: tickets created in the period; `solved`: tickets solved in the period " +
			"(also ones created earlier); `share`: per channel, 100 × tickets created in it ÷ " +
			"`created`.",
		Attribution: "`created_at` for `created` and `share`, `solved_at` for `solved`.",
		EdgeCases: []string{
			"Volume has no good direction: a change is shown, never coloured.",
			"Inbound and outbound tickets both count.",
			"Tickets without a channel share under the empty name, shown as \"(geen)\".",
			"No tickets: `created` is 0 and `share` is empty.",
		},
	},
}
