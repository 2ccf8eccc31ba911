package metric

// The descriptors of the survey metrics (metrics.md section 1).

// allDims: survey and service metrics split by every dimension. By category an answer is in
// its ticket's category, and one without a ticket in the group without a category.
var allDims = []string{DimChannel, DimTeam, DimAgent, DimSegment, DimCategory}

var describeNPS = &Descriptor{
	Key:   "nps",
	Label: Words{"NPS", "NPS"},
	Explain: Words{
		"Hoe graag klanten u aanbevelen: % promotors min % criticasters, van −100 tot 100.",
		"How readily customers recommend you: % promoters minus % detractors, from −100 to 100.",
	},
	Unit: UnitScore, Format: FormatInteger, Direction: HigherIsBetter, Test: NPSTest,
	Headline: Headline{Field: "value", N: "n", Interval: "ci95"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "The Net Promoter Score, from answers to the question how likely the customer is " +
			"to recommend the company, on a scale of 0 to 10. A 9 or 10 makes a promoter " +
			"(*promotor*), a 7 or 8 a passive (*passief*), 0 to 6 a detractor (*criticaster*).",
		Formula: "100 × (promoters − detractors) ÷ all answers, between −100 and 100. The 95% " +
			"interval is the normal approximation with z = 1.96; below 30 answers, or when nobody " +
			"or everybody is a promoter or a detractor, 0.75 is added to promoters and to " +
			"detractors and 3 to the answers first (adjusted Wald), which keeps the interval " +
			"honest where the plain one collapses to a point.",
		Attribution: "When the answer was given (`submitted_at`).",
		EdgeCases: []string{
			"One voice per customer per period: of a customer's answers in the period only the " +
				"latest counts, in the groups of that answer. The customer is the answer's " +
				"`customer_id`, else its ticket's; an answer with neither counts on its own.",
			"An answer imported again with the same `response_id` replaces the earlier one.",
			"By category an answer is in its ticket's category: an NPS answer without a `ticket_id` " +
				"(a relationship survey) is in the group without a category.",
			"No answers: the score and its interval are empty (null), never 0.",
			"A change against the previous period is called significant when a z-test on the " +
				"difference (each period's variance p + d − (p − d)²) gives p < 0.05. When each period " +
				"has one kind of answer only (all promoters against one detractor), both variances are 0 " +
				"and there is no test: the change is not called significant, and the dashboard shows it grey.",
		},
	},
}

var describeCSAT = &Descriptor{
	Key:   "csat",
	Label: Words{"Klanttevredenheid (CSAT)", "Satisfaction (CSAT)"},
	Explain: Words{
		"Aandeel tevreden antwoorden op de tevredenheidsvraag (standaard een 4 of 5 op 1–5).",
		"Share of satisfied answers to the satisfaction question (by default 4 or 5 on 1–5).",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter, Test: ProportionTest,
	Headline:   Headline{Field: "value", N: "n", Interval: "ci95"},
	Proportion: [2]string{"positive", "n"},
	SplitBy:    allDims,
	Doc: Doc{
		Definition: "Customer satisfaction: the share of answers to the satisfaction survey that are " +
			"positive. The scale and the positive threshold come from the configuration " +
			"(`[surveys.csat]`, by default 1 to 5 with 4 and 5 positive); an answer given on a " +
			"scale of its own (its `scale`: 1-10, Zendesk's good-bad, Freshdesk's ratings) is " +
			"positive by that scale's rule (the README's table).",
		Formula: "100 × positive answers ÷ all answers. A neutral answer (a 3 on 1–5) stays in the " +
			"count. The mean score (`mean`) is a separate figure and is never shown as CSAT; it is " +
			"told on the configured scale, an answer on another scale placed there by its " +
			"position on its own. The " +
			"95% interval is the Wilson score interval, which stays within 0–100 and works at 0 " +
			"and 100%.",
		Attribution: "When the answer was given (`submitted_at`).",
		EdgeCases: []string{
			"One rating per ticket: of all answers ever given with the same `ticket_id`, only the " +
				"latest counts, at its own time. A customer who changes a rating is counted once, " +
				"with the new one; a change made after the period moves the ticket out of it.",
			"No answers: empty (null), never 0.",
			"A change against the previous period is called significant when the pooled " +
				"two-proportion z-test on positive ÷ answers gives p < 0.05.",
		},
	},
}

var describeCES = &Descriptor{
	Key:   "ces",
	Label: Words{"Klantinspanning (CES)", "Effort (CES)"},
	Explain: Words{
		"Aandeel klanten voor wie het makkelijk ging (de bovenste helft van de schaal).",
		"Share of customers who found it easy (the upper half of the scale).",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "The Customer Effort Score: how easy customers found it to get their question " +
			"handled. The scale comes from the configuration (`[surveys.ces]`, by default 1 to 7 " +
			"where high means easy). With `direction = \"effort\"` (high means much effort) every " +
			"score x is first turned round to min + max − x.",
		Formula: "100 × easy answers ÷ all answers, where an answer is easy above the middle of the " +
			"scale (5 to 7 on 1–7, 4 and 5 on 1–5). `mean` is the mean score after turning.",
		Attribution: "When the answer was given (`submitted_at`).",
		EdgeCases: []string{
			"One rating per ticket, the latest, as for CSAT.",
			"No answers: empty (null), never 0.",
		},
	},
}

var describeFeedbackResponse = &Descriptor{
	Key:   "feedback_response",
	Label: Words{"Reactie op feedback", "Feedback response"},
	Explain: Words{
		"Aandeel opmerkingen en vermeldingen waarop het team heeft gereageerd.",
		"Share of comments and mentions the team replied to.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "How much of what customers say the team answers: survey answers with a comment, " +
			"and mentions (social media, review sites).",
		Formula: "100 × items with a `replied_at` ÷ all items (answers with a non-empty comment, " +
			"plus mentions).",
		Attribution: "When the feedback arrived (`submitted_at` of an answer, `at` of a mention), " +
			"not when it was answered.",
		EdgeCases: []string{
			"A reply counts whenever it was given, also after the period.",
			"Every comment counts, also one on a rating that a later answer replaced.",
			"Mentions have no channel, team, agent, segment or category: in a report split or " +
				"filtered by one of those, only survey comments count.",
			"Marking an item as replied on the dashboard (or handling it under *Opvolging*) sets its " +
				"`replied_at`.",
			"No feedback: empty (null), never 0.",
		},
	},
}

var describeSentiment = &Descriptor{
	Key:   "sentiment",
	Label: Words{"Sentiment", "Sentiment"},
	Explain: Words{
		"Toon van opmerkingen en vermeldingen: % positief min % negatief, van −100 tot 100.",
		"Tone of comments and mentions: % positive minus % negative, from −100 to 100.",
	},
	Unit: UnitScore, Format: FormatInteger, Direction: HigherIsBetter,
	Headline: Headline{Field: "net", N: "n"},
	SplitBy:  allDims,
	Doc: Doc{
		Definition: "The tone of what customers write: every survey comment and every mention gets " +
			"a score from −1 (negative) to 1 (positive), read offline in Dutch or English (the " +
			"answer's `language`, else detected), and a label: positive above 0.05, negative " +
			"below −0.05, else neutral.",
		Formula: "`n` texts, counted by label; `positive_share` = 100 × positive ÷ n; `net` " +
			"(the headline) = 100 × (positive − negative) ÷ n, between −100 and 100.",
		Attribution: "When the text arrived (`submitted_at` of an answer, `at` of a mention).",
		EdgeCases: []string{
			"The score is worked out once, when the record is written (and again when its text " +
				"changes), not when the report is made; records stored before klantpuls scored " +
				"texts are scored once when the server starts. An upgrade whose scorer reads " +
				"texts otherwise scores the earlier texts again, once, in the server's background " +
				"(or with `klantpuls rescore`, where no server runs; until then `klantpuls report`, " +
				"`import`, `digest send` and `model fit` say on stderr that it is due, or under way " +
				"while a process does it): a period's sentiment moves with the customers, not " +
				"with the scorer's rules.",
			"The score is klantpuls's own: a `sentiment` column or field sent in an import or " +
				"the API is kept as an attribute, never read as the score.",
			"Every comment counts, also one on a rating that a later answer replaced.",
			"Mentions have no channel, team, agent, segment or category: in a report split or " +
				"filtered by one of those, only survey comments count; otherwise both do.",
			"An erased answer keeps its score, as it keeps its rating; its text is gone.",
			"No texts: `n` is 0 and the shares are empty (null), never 0.",
		},
	},
}
