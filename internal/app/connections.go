package app

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klantpuls/klantpuls/internal/cx"
	"github.com/klantpuls/klantpuls/internal/store"
)

// Webhook connections (store.Connections): a tool's deliveries to /hooks/{source}/{id}. Which
// sources exist and what kinds each can write is internal/hooks's to say, so web and the
// command line check the source; app checks what any connection needs and keeps its secret.
//
// The secret cannot be hashed as an API token is: checking an HMAC signature means computing
// it, and that needs the secret itself. So it is sealed (AES-256-GCM, the connection's id as
// additional data, so a sealed secret copied onto another connection does not open) under a key
// made once and kept in the settings table. That keeps secrets out of a dump of the connections
// table, of logs and of pages; it does not protect them from someone who holds the whole
// database, key included — nothing in one database file could. Guard the database and its
// backups as the secrets they hold.

// connectionKeySetting names the setting that holds the sealing key (hex, 32 bytes).
const connectionKeySetting = "secret.connections"

// SeenFor is how long a delivery id is remembered: a source that sends a delivery again does
// so within hours (Shopify retries for 4 hours, 48 before September 2024; Stripe-style senders
// for 3 days); a week covers
// them with room.
const SeenFor = 7 * 24 * time.Hour

// TooOldToTell says whether a delivery whose body says its resource changed at changed is older
// at now than deliveries are remembered (SeenFor). It was sent at changed or later, so while it is
// younger its id (or body) is still remembered and a second sending is a repeat; past that it
// could be written again, a replay the tool itself never sends. Zero changed (a body without a
// time of its own) is never too old.
func TooOldToTell(changed, now time.Time) bool {
	return !changed.IsZero() && now.Sub(changed) > SeenFor
}

// MinSecret is the fewest characters a pasted secret may have: a shorter one can be guessed.
const MinSecret = 16

// NewConnectionSecret returns a secret for a tool that lets klantpuls choose one: 32 random
// bytes, base64url, prefixed so it is recognisable (to people and to secret scanners).
func NewConnectionSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (Go 1.24+)
	return "kpwh_" + base64.RawURLEncoding.EncodeToString(b)
}

// newConnectionID is random and URL-safe: 12 bytes, 16 characters of base64url. It never
// starts with "-", which a command line would read as a flag (`klantpuls connection remove
// -pX…` was refused as "unknown flag -p" for one connection in 64): such a draw is made again.
func newConnectionID() string {
	b := make([]byte, 12)
	for {
		rand.Read(b)
		if id := base64.RawURLEncoding.EncodeToString(b); id[0] != '-' {
			return id
		}
	}
}

func (a *App) connections() (store.Connections, error) {
	if c, ok := a.store.(store.Connections); ok {
		return c, nil
	}
	return nil, cx.Errorf(cx.EINTERNAL, "app: this store keeps no webhook connections")
}

// CreateConnection stores c under a new id (set in c.ID) with secret and apiToken (the tool's
// API token, "" for none), both sealed. The caller has checked c.Source, that its kinds are the
// source's and that it takes an API token; app checks the rest.
func (a *App) CreateConnection(ctx context.Context, c *cx.Connection, secret, apiToken string) error {
	conns, err := a.connections()
	if err != nil {
		return err
	}
	c.Name, c.Actor = strings.TrimSpace(clean(c.Name, 100)), clean(c.Actor, 320)
	switch {
	case c.Name == "":
		return cx.Refuse(cx.EINVALID, "name", "conn_need_name", "give the connection a name, such as the shop or help desk it comes from")
	case len(c.Kinds) == 0:
		return cx.Refuse(cx.EINVALID, "kinds", "conn_need_kinds", "choose at least one kind of record the connection may write")
	case utf8.RuneCountInString(secret) < MinSecret:
		return cx.Refuse(cx.EINVALID, "secret", "conn_short_secret", "at least %d characters (paste the one the tool shows, or leave it empty to have one made)", MinSecret)
	case len(secret) > 1024:
		return cx.Refuse(cx.EINVALID, "secret", "conn_long_secret", "at most %d bytes", 1024)
	case len(apiToken) > 4096:
		return cx.Refuse(cx.EINVALID, "API token", "conn_long_token", "at most %d bytes", 4096)
	case strings.IndexFunc(apiToken, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0:
		// It goes into an Authorization header: a space or a line break would split it.
		return cx.Refuse(cx.EINVALID, "API token", "conn_token_chars", "only visible ASCII characters, no spaces (paste the token the tool shows)")
	}
	for _, k := range c.Kinds {
		if parsed, err := cx.ParseKind(string(k)); err != nil || parsed != k {
			return cx.Refuse(cx.EINVALID, "kinds", "conn_bad_kind", "%q is not a kind of record", k)
		}
	}
	key, err := a.connectionKey(ctx)
	if err != nil {
		return err
	}
	if err := a.refuseSharedSecret(ctx, conns, key, secret); err != nil {
		return err
	}
	c.ID = newConnectionID()
	var sealedToken []byte
	if apiToken != "" {
		sealedToken = seal(key, tokenData(c.ID), []byte(apiToken))
	}
	return conns.CreateConnection(ctx, c, seal(key, c.ID, []byte(secret)), sealedToken)
}

// tokenData is the additional data an API token is sealed with: the connection's id and what
// it is, so neither a token copied onto another connection nor one swapped with the secret opens.
func tokenData(id string) string { return id + "/api-token" }

// ConnectionToken reads a connection's API token, opened: nil when it has none.
func (a *App) ConnectionToken(ctx context.Context, id string) ([]byte, error) {
	conns, err := a.connections()
	if err != nil {
		return nil, err
	}
	sealed, err := conns.ConnectionToken(ctx, id)
	if err != nil || sealed == nil {
		return nil, err
	}
	key, err := a.connectionKey(ctx)
	if err != nil {
		return nil, err
	}
	return open(key, tokenData(id), sealed)
}

// Connection reads one connection and its secret, opened.
func (a *App) Connection(ctx context.Context, id string) (*cx.Connection, []byte, error) {
	conns, err := a.connections()
	if err != nil {
		return nil, nil, err
	}
	c, sealed, err := conns.Connection(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	key, err := a.connectionKey(ctx)
	if err != nil {
		return nil, nil, err
	}
	secret, err := open(key, id, sealed)
	if err != nil {
		return nil, nil, err
	}
	return c, secret, nil
}

// Connections reads every connection, oldest first, without secrets.
func (a *App) Connections(ctx context.Context) ([]cx.Connection, error) {
	conns, err := a.connections()
	if err != nil {
		return nil, err
	}
	return conns.Connections(ctx)
}

// DeleteConnection removes a connection; its URL answers 404 from then on. It returns what the
// connection was, for the audit trail, without opening its secrets.
func (a *App) DeleteConnection(ctx context.Context, id string) (*cx.Connection, error) {
	conns, err := a.connections()
	if err != nil {
		return nil, err
	}
	c, _, err := conns.Connection(ctx, id)
	if err != nil {
		return nil, err
	}
	a.deliveries.dropConnection(id)
	return c, conns.DeleteConnection(ctx, id)
}

// DeliverySeen tells whether the connection accepted a delivery of that id in the last SeenFor.
func (a *App) DeliverySeen(ctx context.Context, id, delivery string) (bool, error) {
	conns, err := a.connections()
	if err != nil {
		return false, err
	}
	return conns.DeliverySeen(ctx, id, delivery)
}

// Delivered counts a delivery accepted at at and remembers its id for SeenFor.
func (a *App) Delivered(ctx context.Context, id, delivery string, at time.Time) error {
	conns, err := a.connections()
	if err != nil {
		return err
	}
	return conns.Delivered(ctx, id, clean(delivery, 200), at, at.Add(-SeenFor))
}

// BindEvent binds the connection to event, the one its deliveries name in the URL, unless it
// is bound already, and returns the event it is bound to (cx.Connection.Event).
func (a *App) BindEvent(ctx context.Context, id, event string) (string, error) {
	conns, err := a.connections()
	if err != nil {
		return "", err
	}
	bound, err := conns.BindEvent(ctx, id, clean(event, 100))
	if err != nil {
		return "", err
	}
	a.deliveries.bound(id, bound)
	return bound, nil
}

// DeliveryFailed counts a delivery refused or failed at at, and why, in English and in the
// pages' words when it has them (nil: none). The words' values may quote the delivery, so
// they are cleaned and bounded as an audit entry's are.
func (a *App) DeliveryFailed(ctx context.Context, id string, at time.Time, why string, words []cx.AuditPhrase) error {
	conns, err := a.connections()
	if err != nil {
		return err
	}
	return conns.DeliveryFailed(ctx, id, at, clean(why, 500), cleanPhrases(words))
}

// connectionKey reads the sealing key, making it on first use.
func (a *App) connectionKey(ctx context.Context) ([]byte, error) {
	return a.installKey(ctx, connectionKeySetting, &a.connKey)
}

// seal encrypts secret under key for connection id: nonce, then ciphertext and tag.
func seal(key []byte, id string, secret []byte) []byte {
	aead := gcm(key)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, secret, []byte(id))
}

// open decrypts what seal made for connection id.
func open(key []byte, id string, sealed []byte) ([]byte, error) {
	aead := gcm(key)
	n := aead.NonceSize()
	if len(sealed) < n {
		return nil, cx.Errorf(cx.EINTERNAL, "app: the secret of connection %s is damaged", id)
	}
	secret, err := aead.Open(nil, sealed[:n], sealed[n:], []byte(id))
	if err != nil {
		return nil, cx.Errorf(cx.EINTERNAL, "app: the secret of connection %s does not open under the key in setting %s (changed or damaged)",
			id, connectionKeySetting)
	}
	return secret, nil
}

// gcm is AES-256-GCM under a 32-byte key; with such a key neither step can fail.
func gcm(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}
