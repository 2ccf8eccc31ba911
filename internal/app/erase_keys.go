package app

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// A customer's id is often personal itself: Shopify, WooCommerce, Chatwoot, the Zendesk hook,
// Freshdesk's export and Google Forms key customers by their e-mail address. So an erasure
// moves every record naming the customer onto a pseudonym, "erased-" and a keyed hash of the old
// id. Keyed (HMAC under a key made once per installation and kept in the settings): a plain hash
// of an address is undone by hashing guessed addresses until one matches, and this one cannot be
// without the database's key. The same id always gives the same pseudonym, so a later write
// naming the erased id (an order updated, a file imported again) lands on it too.

// eraseKeySetting names the setting that holds the pseudonyms' key (hex, 32 bytes).
const eraseKeySetting = "secret.erasure"

// pseudonymPrefix starts every pseudonym; an id that starts with it is not moved again (an
// erasure of a pseudonym erases its text and keeps it).
const pseudonymPrefix = "erased-"

// erasedHash is the keyed hash of an erased customer id: HMAC-SHA256 under key, its first 16
// bytes in hex. 128 bits leave no collision among any company's customers, and keep the
// pseudonym short in every column and dictionary that holds it.
func erasedHash(key []byte, id string) string { return keyedHash(hmac.New(sha256.New, key), id) }

// keyedHash is erasedHash with mac, an HMAC-SHA256 made once for many ids (erasedIDs).
func keyedHash(mac hash.Hash, id string) string {
	mac.Reset()
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

func pseudonymOf(hash string) string { return pseudonymPrefix + hash }

// unsubscribedAs is what an erased customer's unsubscribe is kept under instead of their address:
// the keyed hash of the address as unsubscribes compare it (cx.AddressKey), which still keeps it
// from being mailed (App.Unsubscribed) and does not lead back to it.
func unsubscribedAs(key []byte, email string) string {
	return pseudonymOf(erasedHash(key, cx.AddressKey(email)))
}

// unsubscribedAsBefore is what an erasure before addresses were compared bare (cx.AddressKey)
// kept an unsubscribe under: the keyed hash of the address as written, lower-cased. A hash
// cannot be re-keyed, so App.Unsubscribed asks for it too: an invitation written as the erased
// customer's was still finds it.
func unsubscribedAsBefore(key []byte, email string) string {
	return pseudonymOf(erasedHash(key, cx.NameKey(email)))
}

// forgottenAs is the id the engine's emptied row of an erased customer takes (ForgetCustomer):
// the NUL keeps it apart from every id a record can have, the pseudonym from other such rows.
func forgottenAs(pseudonym string) string { return "\x00" + pseudonym }

func isPseudonym(id string) bool { return strings.HasPrefix(id, pseudonymPrefix) }

// subjectOf is the id of the customer r is about: the one whose personal fields it may hold
// (withoutText), "" for none. A mention names one only in its attrs, as customerData.wrote reads.
func subjectOf(r cx.Record) string {
	switch r := r.(type) {
	case *cx.Customer:
		return r.ID
	case *cx.Order:
		return r.CustomerID
	case *cx.Ticket:
		return r.CustomerID
	case *cx.Response:
		return r.CustomerID
	case *cx.Event:
		return r.CustomerID
	case *cx.Mention:
		return r.Attrs["customer_id"]
	}
	return ""
}

// moved returns a copy of r with every reference to customer from — a customer's key and who
// referred them, the customer an order, ticket, answer or event is of — naming to instead, or nil
// when none names from. These are all the kinds of internal/cx that refer to a customer (a
// message and a review do through their ticket; a mention only in the attrs erasure removes).
func moved(r cx.Record, from, to string) cx.Record {
	move := func(s *string) bool {
		if *s != from {
			return false
		}
		*s = to
		return true
	}
	switch r := r.(type) {
	case *cx.Customer:
		c := *r
		if id, by := move(&c.ID), move(&c.ReferredBy); id || by {
			return &c
		}
	case *cx.Order:
		if c := *r; move(&c.CustomerID) {
			return &c
		}
	case *cx.Ticket:
		if c := *r; move(&c.CustomerID) {
			return &c
		}
	case *cx.Response:
		if c := *r; move(&c.CustomerID) {
			return &c
		}
	case *cx.Event:
		if c := *r; move(&c.CustomerID) {
			return &c
		}
	}
	return nil
}
