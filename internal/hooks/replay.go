package hooks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/klantpuls/klantpuls/internal/importer/mapping"
)

// A tool that signs the body alone (Shopify, WooCommerce) signs none of its headers: not the
// delivery id, not the topic. Whoever captured a delivery can send it again under another id, or
// another topic — an order's body as orders/delete or order.deleted deletes the order, as
// customers/redact erases its customer — and the signature still verifies. What binds a delivery
// is its body, so such a source's file says `remember = "body"`: a delivery is remembered by a
// digest of its body, and the same body comes again as a repeat whatever id and topic it carries
// (Batch.RememberAs). The body does not say when it was sent either, only when its resource
// changed (time_fields); the receiver refuses one older than it remembers deliveries
// (app.TooOldToTell), which sent again after it was forgotten would otherwise be written again.
//
// A body without such a time is remembered by its id all the same: it names no one change, and
// the tool sends the same bytes again for a new one — WooCommerce's order.deleted is {"id": 727}
// each time order 727 is trashed, so one trashed, restored and trashed again within the week
// would be a repeat and stay counted. Such a body (a deletion's id, a redaction) carries nothing
// another topic could write more of.

// RememberAs is what the receiver remembers the delivery by: the digest of its body for a source
// remembered so, else the tool's delivery id ("" when it sends none).
func (b *Batch) RememberAs() string {
	if b.BodyDigest != "" {
		return b.BodyDigest
	}
	return b.DeliveryID
}

// bodyDigest is a body's remembered form: "sha256:" and the hex of its SHA-256, within the 200
// characters a delivery id keeps.
func bodyDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// changedAt is when the payload says its resource last changed: the first of the source's
// time_fields it holds, in RFC 3339 (Shopify's updated_at, else created_at) or, for a source
// with a timezone, without an offset in that zone (WooCommerce's date_modified_gmt,
// 2026-03-14T09:00:00, UTC). Zero when it holds none (orders/delete's {"id"}) or one that does
// not read; the mapping refuses such a time where it reads one.
func (s *Source) changedAt(payload map[string]any) time.Time {
	for _, f := range s.timeFields {
		if v := valueAt(payload, f); v != "" {
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				return t
			}
			if s.timeZone != nil {
				if t, err := time.ParseInLocation(wallClock, v, s.timeZone); err == nil {
					return t
				}
			}
			return time.Time{}
		}
	}
	return time.Time{}
}

// wallClock is a time_fields time without an offset, as WooCommerce's REST API writes its *_gmt
// dates (https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties: "as GMT").
const wallClock = "2006-01-02T15:04:05"

// timeFieldsZone is the zone of the delivery's time_fields written without an offset: nil
// without a timezone key, which needs time_fields to apply to.
func timeFieldsZone(d fileDelivery) (*time.Location, error) {
	switch {
	case d.Timezone == "":
		return nil, nil
	case len(d.TimeFields) == 0:
		return nil, fmt.Errorf("delivery.timezone %q without time_fields: it is the zone of their times", d.Timezone)
	}
	loc, ok := mapping.LoadZone(d.Timezone)
	if !ok {
		return nil, fmt.Errorf("delivery.timezone %q is not a time zone; write an IANA name such as \"UTC\"", d.Timezone)
	}
	return loc, nil
}

// remembering checks the file's remember key: "id" (the default) or "body".
func remembering(remember string) (body bool, err error) {
	switch remember {
	case "", "id":
		return false, nil
	case "body":
		return true, nil
	}
	return false, fmt.Errorf("delivery.remember %q; write \"id\" or \"body\"", remember)
}
