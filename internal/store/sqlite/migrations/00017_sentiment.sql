-- The sentiment score of each text customers write (metrics.md section 4, issue 13): a survey
-- answer's comment, a mention's text, and the reply noted on a follow-up. A score is in
-- [-1, 1], worked out by klantpuls when the row is written, and NULL where there is no text.
-- Rows stored before have NULL with a text: the server scores them once when it starts.

-- +goose Up
ALTER TABLE responses ADD COLUMN sentiment REAL;
ALTER TABLE mentions ADD COLUMN sentiment REAL;
ALTER TABLE followups ADD COLUMN reply_sentiment REAL;

-- +goose Down
ALTER TABLE followups DROP COLUMN reply_sentiment;
ALTER TABLE mentions DROP COLUMN sentiment;
ALTER TABLE responses DROP COLUMN sentiment;
