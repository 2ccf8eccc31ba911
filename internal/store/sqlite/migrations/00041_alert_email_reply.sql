-- An alert keeps what the mail server said of an e-mail an attempt settled unsent (bounced,
-- refused for good) on its own, as well as in error after the webhook's answer: a retry for the
-- webhook's sake read it back from error as its last part beginning '; e-mail: ', and a reply
-- holding those words itself lost all before them. Both parts are the other sides' words, so no
-- separator tells them apart. The alerts before this migration whose notes settle their e-mail
-- get the part of error from its first 'e-mail: ' (at its start or after '; '), the e-mail's
-- unless a webhook's answer held those words; only one still to be tried reads it again.

-- +goose Up
ALTER TABLE alerts ADD COLUMN email_reply TEXT;
UPDATE alerts SET email_reply = CASE WHEN substr(error, 1, 8) = 'e-mail: ' THEN substr(error, 9)
    ELSE substr(error, instr(error, '; e-mail: ') + 10) END
WHERE (instr(' ' || notes || ' ', ' email_bounced ') > 0 OR instr(' ' || notes || ' ', ' email_refused ') > 0)
    AND (substr(error, 1, 8) = 'e-mail: ' OR instr(error, '; e-mail: ') > 0);

-- +goose Down
ALTER TABLE alerts DROP COLUMN email_reply;
