// Package metric is the KPI math of klantpuls: pure functions over counts and values that turn
// them into the figures of spec/metrics.md, each written once. The result types marshal to the
// report JSON of spec/data.md section 4 exactly; a nil pointer is a JSON null ("empty is not
// zero"). The package does no I/O.
package metric
