package engine

import (
	"math"

	"github.com/klantpuls/klantpuls/internal/cx"
)

// Customer flags.
const (
	customerExists   = 1 << iota // a customer row was applied (others may name a customer first)
	customerReferred             // acquired through a referral
)

// customerColumns holds customers by interned customer id.
type customerColumns struct {
	ids      keys
	acquired []uint32
	churned  []uint32
	segment  []uint16
	flags    []uint8
}

func (c *customerColumns) grow(n int) {
	c.acquired = reserveCap(c.acquired, n)
	c.churned = reserveCap(c.churned, n)
	c.segment = reserveCap(c.segment, n)
	c.flags = reserveCap(c.flags, n)
}

// row returns the index of a customer id, adding an empty row when it is new.
func (c *customerColumns) row(id string) uint32 {
	i, added := c.ids.intern(id)
	if added {
		c.acquired = append(c.acquired, 0)
		c.churned = append(c.churned, 0)
		c.segment = append(c.segment, 0)
		c.flags = append(c.flags, 0)
	}
	return i
}

func (e *Engine) putCustomer(r *cx.Customer) {
	c := &e.customers
	i := c.row(r.ID)
	c.acquired[i] = instant(r.AcquiredAt)
	c.churned[i] = instant(r.ChurnedAt)
	c.segment[i] = e.segments.id(r.Segment)
	c.flags[i] = customerExists
	if r.ReferredBy != "" {
		c.flags[i] |= customerReferred
	}
}

// segmentOf returns the segment of a customer ref (0 = none).
func (e *Engine) segmentOf(customer uint32) uint16 {
	if customer == 0 {
		return 0
	}
	return e.customers.segment[customer-1]
}

// orderColumns holds orders by interned order id.
type orderColumns struct {
	ids      keys
	customer []uint32 // index into customers
	at       []uint32
	amount   []float64
	margin   []float64 // NaN = none: the config's default gross margin applies
}

func (c *orderColumns) grow(n int) {
	c.customer = reserveCap(c.customer, n)
	c.at = reserveCap(c.at, n)
	c.amount = reserveCap(c.amount, n)
	c.margin = reserveCap(c.margin, n)
}

func (e *Engine) putOrder(r *cx.Order) {
	c := &e.orders
	i, added := c.ids.intern(r.ID)
	if added {
		c.customer = append(c.customer, 0)
		c.at = append(c.at, 0)
		c.amount = append(c.amount, 0)
		c.margin = append(c.margin, 0)
	}
	c.customer[i] = e.customers.row(r.CustomerID)
	c.at[i] = instant(r.OrderedAt)
	c.amount[i] = r.Amount
	c.margin[i] = optFloat(r.GrossMargin)
	e.orderWritten(i)
}

// marginOf returns the gross margin of an order, else the configured default.
func (e *Engine) marginOf(i uint32) float64 {
	if m := e.orders.margin[i]; !math.IsNaN(m) {
		return m
	}
	return e.opts.DefaultGrossMargin
}

// eventColumns holds engagement events by interned event id.
type eventColumns struct {
	ids      keys
	customer []uint32 // index into customers
	at       []uint32
	kind     []uint16
}

func (c *eventColumns) grow(n int) {
	c.customer = reserveCap(c.customer, n)
	c.at = reserveCap(c.at, n)
	c.kind = reserveCap(c.kind, n)
}

func (e *Engine) putEvent(r *cx.Event) {
	c := &e.events
	i, added := c.ids.intern(r.ID)
	if added {
		c.customer = append(c.customer, 0)
		c.at = append(c.at, 0)
		c.kind = append(c.kind, 0)
	}
	c.customer[i] = e.customers.row(r.CustomerID)
	c.at[i] = instant(r.At)
	c.kind[i] = e.eventKinds.id(r.Kind)
}
