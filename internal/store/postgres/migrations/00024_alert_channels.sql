-- An alert goes out by each way its rule names (an e-mail, a webhook) once: sent_by lists the
-- ways it went out already ("email webhook"), so a retry sends by the failed one only and the
-- lead is not mailed again for a broken webhook's sake. retry_at is when the next attempt may be
-- made (Unix seconds, UTC; NULL: at once): after a failure the backoff of the queue (package
-- alert), during an attempt the time past which another node may take the alert over, so two
-- nodes never post one alert at the same moment.

-- +goose Up
ALTER TABLE alerts ADD COLUMN sent_by TEXT;
ALTER TABLE alerts ADD COLUMN retry_at BIGINT;

-- +goose Down
ALTER TABLE alerts DROP COLUMN retry_at;
ALTER TABLE alerts DROP COLUMN sent_by;
