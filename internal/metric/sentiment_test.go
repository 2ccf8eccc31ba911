package metric

import (
	"encoding/json"
	"testing"
)

func TestSentimentLabel(t *testing.T) {
	// metrics.md section 4: positive > 0.05, negative < −0.05, else neutral (bounds included).
	for _, tt := range []struct {
		score float64
		want  string
	}{
		{1, SentimentPositive}, {0.0501, SentimentPositive}, {0.05, SentimentNeutral},
		{0, SentimentNeutral}, {-0.05, SentimentNeutral}, {-0.0501, SentimentNegative},
		{-1, SentimentNegative},
	} {
		if got := SentimentLabel(tt.score); got != tt.want {
			t.Errorf("SentimentLabel(%v) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

func TestSentimentFigures(t *testing.T) {
	t.Run("data.md section 4 example", func(t *testing.T) {
		// n 200, 120 positive, 60 neutral, 20 negative: 100·120/200 = 60.0,
		// 100·(120 − 20)/200 = 50.0.
		s := NewSentiment(120, 60, 20)
		b, _ := json.Marshal(s)
		want := `{"n":200,"positive":120,"neutral":60,"negative":20,"positive_share":60,"net":50}`
		if string(b) != want {
			t.Errorf("got %s, want %s", b, want)
		}
	})
	t.Run("no texts", func(t *testing.T) {
		b, _ := json.Marshal(NewSentiment(0, 0, 0))
		if want := `{"n":0,"positive":0,"neutral":0,"negative":0,"positive_share":null,"net":null}`; string(b) != want {
			t.Errorf("got %s, want %s", b, want)
		}
	})
	t.Run("counted by label", func(t *testing.T) {
		// 0.8 and 0.06 positive, 0.05 and 0 neutral, −0.3 negative: 2/2/1 of 5,
		// share 40, net 100·(2 − 1)/5 = 20.
		var c SentimentCounts
		for _, s := range []float64{0.8, 0.06, 0.05, 0, -0.3} {
			c.Add(s)
		}
		s := c.Sentiment()
		if s.N != 5 || s.Positive != 2 || s.Neutral != 2 || s.Negative != 1 || *s.PositiveShare != 40 || *s.Net != 20 {
			t.Errorf("got %+v share %v net %v", s, *s.PositiveShare, *s.Net)
		}
	})
}
