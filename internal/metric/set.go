package metric

// Set is every metric of one group of a report, in the shape of data.md section 4. A metric to
// which a group's dimension does not apply (churn by channel) is nil and left out of the JSON;
// a metric that applies but has no data is present with null values.
type Set struct {
	NPS                 *NPS                 `json:"nps,omitempty"`
	CSAT                *CSAT                `json:"csat,omitempty"`
	CES                 *CES                 `json:"ces,omitempty"`
	FirstResponse       *FirstResponse       `json:"first_response,omitempty"`
	ReplyTime           *ServiceTime         `json:"reply_time,omitempty"`
	Resolution          *ServiceTime         `json:"resolution,omitempty"`
	FirstResolution     *ServiceTime         `json:"first_resolution,omitempty"`
	ComplaintResolution *ComplaintResolution `json:"complaint_resolution,omitempty"`
	FCR                 *FCR                 `json:"fcr,omitempty"`
	Transfers           *Transfers           `json:"transfers,omitempty"`
	WaitTime            *Durations           `json:"wait_time,omitempty"`
	HandleTime          *Durations           `json:"handle_time,omitempty"`
	Tickets             *Tickets             `json:"tickets,omitempty"`
	Churn               *Churn               `json:"churn,omitempty"`
	Retention           *Retention           `json:"retention,omitempty"`
	CLV                 *CLV                 `json:"clv,omitempty"`
	IQS                 *IQS                 `json:"iqs,omitempty"`
	Engagement          *Engagement          `json:"engagement,omitempty"`
	FeedbackResponse    *FeedbackResponse    `json:"feedback_response,omitempty"`
	Referral            *Referral            `json:"referral,omitempty"`
	Sentiment           *Sentiment           `json:"sentiment,omitempty"`
}
