package metric

// The descriptors of the customer metrics (metrics.md section 3) and of quality (section 4).

// segmentOnly: customer metrics split by segment only; a customer has no channel, team, agent or
// category.
var segmentOnly = []string{DimSegment}

const (
	customerBase = "A customer is in the customer base at an instant when acquired before it " +
		"(`acquired_at`) and not yet gone (`churned_at` empty or later). S is the base at the " +
		"start of the period, E the base at its end, N the customers acquired in it."
	noChannel = "Split by segment only: a customer has no channel, team, agent or category, so the " +
		"metric is left out of reports by those (and the dashboard tile says it does not apply)."
)

var describeChurn = &Descriptor{
	Key:   "churn",
	Label: Words{"Verloop (churn)", "Churn"},
	Explain: Words{
		"Aandeel van de klanten bij het begin van de periode dat in de periode is vertrokken.",
		"Share of the customers at the start of the period who left during it.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: LowerIsBetter,
	Headline: Headline{Field: "value", N: "start"},
	SplitBy:  segmentOnly,
	Doc: Doc{
		Definition: "How much of the customer base the period lost. " + customerBase,
		Formula: "100 × lost ÷ S, where lost are the customers of S whose `churned_at` lies in the " +
			"period. The table adds the yearly rate 1 − (1 − churn)^(365 ÷ days of the period): " +
			"multiplying by 365 ÷ days would overshoot, past 100% for short periods.",
		Attribution: "When the customer left (`churned_at`).",
		EdgeCases: []string{
			"Customers who came and went within the period were never in S: they are counted as " +
				"`new_lost`, not in the churn. Always E = S + N − lost − new_lost.",
			"No customers at the start: empty (null), never 0.",
			noChannel,
		},
	},
}

var describeRetention = &Descriptor{
	Key:   "retention",
	Label: Words{"Klantbehoud (CRR)", "Retention (CRR)"},
	Explain: Words{
		"Aandeel van de klanten bij het begin dat aan het eind nog klant is; nieuwe klanten tellen niet mee.",
		"Share of the starting customers who are still customers at the end; new customers do not count.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "start"},
	SplitBy:  segmentOnly,
	Doc: Doc{
		Definition: "The customer retention rate (CRR). " + customerBase,
		Formula: "100 × (E − N) ÷ S. It equals 100 − churn only when no new customer left in the " +
			"period: (E − N) also takes off `new_lost`.",
		Attribution: "The start and the end of the period (the base at each).",
		EdgeCases: []string{
			"No customers at the start: empty (null), never 0.",
			noChannel,
		},
	},
}

var describeCLV = &Descriptor{
	Key:   "clv",
	Label: Words{"Klantwaarde (CLV)", "Lifetime value (CLV)"},
	Explain: Words{
		"Wat een klant over de hele klantrelatie oplevert: gemiddelde order × orders per jaar × levensduur.",
		"What a customer brings in over the whole relationship: average order × orders a year × lifespan.",
	},
	Unit: UnitEuro, Format: FormatMoney, Direction: HigherIsBetter,
	Headline: Headline{Field: "simple", N: "buyers"},
	SplitBy:  segmentOnly,
	Doc: Doc{
		Definition: "Customer lifetime value in euros, from the orders of the window W — the 12 months " +
			"before the end of the period (the same date a year earlier; 28 February when that date does " +
			"not exist), or the period itself when it is longer: what an average buyer is worth over the " +
			"years they stay. A short period is never extrapolated to a lifetime.",
		Formula: "`aov` = revenue ÷ `orders` of W; `frequency_per_year` = `orders` ÷ `buyers` × 365 ÷ days " +
			"of W; `lifespan_years` from the configuration (`clv.lifespan_years`), or when that is 0, " +
			"1 ÷ the yearly churn of W (customers in the base at the start of W who churned within it, " +
			"converted over the days of W); `simple` = aov × frequency_per_year × lifespan_years, the " +
			"headline. `historical` = the mean over the buyers of W of everything they ever ordered " +
			"before the end of the period × its gross margin (the order's `gross_margin`, else " +
			"`clv.default_gross_margin`). `predictive` = the mean over the buyers of W of their " +
			"expected revenue over the next `clv.horizon_months` (default 12): a BG/NBD purchase model " +
			"and a Gamma-Gamma spend model (Fader, Hardie & Lee 2005) fitted by maximum likelihood on " +
			"all orders up to the day before the end of the period (orders on one local day are one " +
			"purchase, time in weeks; a refund is no purchase and takes its amount off the customer's " +
			"latest purchase on or before its day, the order it reduces unless they bought again " +
			"before the money went back); month m adds (expected purchases by the end of month m − by the " +
			"end of month m−1) × expected spend ÷ (1 + `clv.discount_rate_monthly`)^m, a month being " +
			"365.25 ÷ 12 days. Revenue like `simple`: no margin.",
		Attribution: "When the order was placed (`ordered_at`); the customer base as for churn.",
		EdgeCases: []string{
			"No orders in W: `aov` and every product with it are empty (null).",
			"No churn in W (or no customers at its start) and no configured lifespan: the lifespan, and " +
				"with it `simple`, are empty — an endless lifespan is no figure.",
			"`predictive` is empty when fewer than 20 customers made a repeat purchase, when the " +
				"likelihood has no maximum (customers who all buy alike: a parameter runs off to 0 or " +
				"infinity), when a customer's expected purchases cannot be worked out (never a mean " +
				"over the other buyers), and in the buckets of a series (each would need a fit of its own); the " +
				"dashboard then says \"te weinig gegevens\". `klantpuls model fit` prints the fitted " +
				"parameters.",
			noChannel,
		},
	},
}

var describeEngagement = &Descriptor{
	Key:   "engagement",
	Label: Words{"Betrokkenheid", "Engagement"},
	Explain: Words{
		"Gewogen deelname van klanten aan activiteiten, zoals een spaarprogramma of een webinar.",
		"Weighted participation of customers in activities, such as a loyalty programme or a webinar.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "n"},
	SplitBy:  segmentOnly,
	Doc: Doc{
		Definition: "How many customers take part in what the company offers beyond the sale, from " +
			"the events file (each event a customer, a kind and a time).",
		Formula: "Per kind of event, participation = 100 × customers in the base at the end of the " +
			"period with an event of that kind in it ÷ E. The score is the weighted mean of the " +
			"participations, with the weights of `[engagement]` in the configuration (without " +
			"weights, every kind seen weighs 1).",
		Attribution: "When the event happened (`at`); the base at the end of the period.",
		EdgeCases: []string{
			"No customers at the end: every figure is empty (null).",
			"Its n is E, the customers at the end: every participation is a share of them, and so is " +
				"the score; the table shows each kind's participation beside it.",
			noChannel,
		},
	},
}

var describeReferral = &Descriptor{
	Key:   "referral",
	Label: Words{"Doorverwijzingen", "Referrals"},
	Explain: Words{
		"Aandeel nieuwe klanten dat via een bestaande klant is gekomen.",
		"Share of new customers who came through an existing customer.",
	},
	Unit: UnitPercent, Format: FormatPercent, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "new"},
	SplitBy:  segmentOnly,
	Doc: Doc{
		Definition: "The referral rate: of the customers acquired in the period, those who name " +
			"the customer who sent them (`referred_by`).",
		Formula:     "100 × new customers with a `referred_by` ÷ new customers.",
		Attribution: "When the customer was acquired (`acquired_at`).",
		EdgeCases: []string{
			"No new customers: empty (null), never 0.",
			noChannel,
		},
	},
}

var describeIQS = &Descriptor{
	Key:   "iqs",
	Label: Words{"Kwaliteit (IQS)", "Quality (IQS)"},
	Explain: Words{
		"Gemiddelde score van de kwaliteitsbeoordelingen van gesprekken, van 0 tot 100.",
		"Mean score of the quality reviews of conversations, from 0 to 100.",
	},
	Unit: UnitPoints, Format: FormatDecimal, Direction: HigherIsBetter,
	Headline: Headline{Field: "value", N: "n"},
	SplitBy:  []string{DimAgent},
	Doc: Doc{
		Definition: "The internal quality score: colleagues review conversations against the " +
			"criteria of the configuration (`[[scorecards.criteria]]`: a scale, a weight, and " +
			"whether the criterion is critical). A review is the rows sharing a `review_id`.",
		Formula: "A rating r on a criterion with scale min..max scores (r − min) ÷ (max − min). A " +
			"review scores 100 × Σ weight × score ÷ Σ weight over the criteria it rated; a critical " +
			"criterion scoring below one half makes the whole review 0. IQS is the mean of the " +
			"review scores.",
		Attribution: "When the review was made (`reviewed_at`).",
		EdgeCases: []string{
			"An empty rating means the criterion did not apply: it is left out, not counted as 0.",
			"A review without any rated criterion has no score and is left out; so has one whose " +
				"rated criteria all weigh 0, unless a critical one of them scored below one half: " +
				"a knock-out criterion may weigh 0 and still make the review 0.",
			"Split by agent only (the review's `agent`): it is left out of reports by channel, " +
				"team, segment or category.",
			"No reviews: empty (null), never 0.",
		},
	},
}
