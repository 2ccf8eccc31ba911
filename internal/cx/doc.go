// Package cx holds the domain of klantpuls: the records customers and the service team leave
// behind (customers, orders, tickets, messages, survey responses, mentions, quality reviews and
// engagement events) and the coded errors every layer speaks. It imports the standard library only.
package cx
