-- The one event a webhook connection receives, for a source that names its event in the URL,
-- unsigned (Trengo: ?event=TICKET_CLOSED): the event its first accepted delivery named. Trengo
-- signs the body and its time, and its ticket events share one body, so without it a captured
-- TICKET_CLOSED sent again as ?event=TICKET_MARKED_AS_SPAM within the signature's hour deleted
-- the ticket. NULL: none named yet (or a source that signs its event).

-- +goose Up
ALTER TABLE connections ADD COLUMN event TEXT;

-- +goose Down
ALTER TABLE connections DROP COLUMN event;
