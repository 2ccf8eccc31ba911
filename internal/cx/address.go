package cx

import (
	"net/mail"
	"strings"
)

// AddressKey is what identifies an e-mail address, the one rule by which unsubscribes, bounces,
// the throttle and an erasure's keyed hash of an address compare it: the bare address, read as
// the sender reads a recipient (mail.Address: net/mail), so "Jan de Vries <jan@example.nl>",
// `"Jan" <jan@example.nl>` and "jan@example.nl" are one, lower-cased. The domain is
// case-insensitive by RFC 5321; the local part may in theory heed case, but every mainstream
// provider (Gmail, Outlook, Ziggo, KPN, Yahoo) treats it as not, and a customer who writes
// JAN@ once and jan@ the next time is one person who must not be mailed after unsubscribing.
// Text that is no address (one stored before addresses were checked, or an erased one's
// keyed hash) keeps its old key: trimmed and lower-cased, as cx.NameKey.
func AddressKey(s string) string {
	a, err := ParseAddress(s)
	if err != nil {
		return NameKey(s)
	}
	return keyOf(a)
}

// keyOf is the key of a parsed address (AddressKey): the bare address, lower-cased.
func keyOf(a *mail.Address) string { return strings.ToLower(a.Address) }

// CustomerKey is the id a customer is known by when a source keys them by e-mail address
// (Shopify's, Freshdesk's and Chatwoot's exports and webhooks): an address is its AddressKey,
// so Anna@Example.NL and anna@example.nl are one customer, as they are one recipient; any other
// id (C-1042, a tool's number) is as it is, for only an address is read without case.
func CustomerKey(id string) string {
	if !strings.Contains(id, "@") {
		return id // no address; and ParseAddress is not asked of every id of a large import
	}
	a, err := ParseAddress(id)
	if err != nil {
		return id
	}
	return keyOf(a) // not AddressKey(id), which would parse it again
}

// ParseAddress is what an e-mail address is, for the sender (internal/mail.Address) and for
// AddressKey alike: one address, with or without a name ("Jan <jan@example.nl>").
func ParseAddress(s string) (*mail.Address, error) { return mail.ParseAddress(s) }
