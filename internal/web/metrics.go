package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/klantpuls/klantpuls/internal/app"
)

// metrics are the Prometheus series of the server: requests and their latency per route,
// ingested records per kind, and the engine's size.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	ingested *prometheus.CounterVec
	handler  http.Handler
}

func newMetrics(reg *prometheus.Registry, a *app.App) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klantpuls_http_requests_total",
			Help: "HTTP requests by route, method and status code."}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "klantpuls_http_request_duration_seconds",
			Help: "HTTP request latency by route.", Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 10)}, []string{"route"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "klantpuls_ingested_records_total",
			Help: "Records accepted through the API (sent whole or patched), by kind."}, []string{"kind"}),
	}
	engineRecords := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "klantpuls_engine_records",
		Help: "Records held by the in-memory engine."}, func() float64 {
		if e := a.Engine(); e != nil {
			return float64(e.Records())
		}
		return 0
	})
	reg.MustRegister(m.requests, m.latency, m.ingested, engineRecords, shipLag{a},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// shipLag is the store's newest change number and, on the node that ships to ClickHouse, the
// number ClickHouse holds every change up to and how long it has been behind (app.ShipLag):
// what an alert on ClickHouse falling behind needs (README, ClickHouse).
type shipLag struct{ app *app.App }

var (
	storeLastChange = prometheus.NewDesc("klantpuls_store_last_change",
		"The store's newest change number (every record written or deleted takes the next).", nil, nil)
	shippedChange = prometheus.NewDesc("klantpuls_clickhouse_shipped_change",
		"The change number ClickHouse holds every change up to, as this node's shipper last found it; only on the node that ships.", nil, nil)
	shipBehind = prometheus.NewDesc("klantpuls_clickhouse_behind_seconds",
		"0 while ClickHouse holds every change of the store, else the seconds since this node's shipper last found it so; only on the node that ships.", nil, nil)
)

func (shipLag) Describe(ch chan<- *prometheus.Desc) {
	ch <- storeLastChange
	ch <- shippedChange
	ch <- shipBehind
}

// Collect reads the store's newest change at each scrape; a store that does not answer leaves
// the series out (its error is in the node's log and /readyz), rather than saying 0.
func (c shipLag) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	lag, err := c.app.ShipLag(ctx)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(storeLastChange, prometheus.GaugeValue, float64(lag.Last))
	if lag.Shipping {
		ch <- prometheus.MustNewConstMetric(shippedChange, prometheus.GaugeValue, float64(lag.Shipped))
		ch <- prometheus.MustNewConstMetric(shipBehind, prometheus.GaugeValue, lag.Behind.Seconds())
	}
}

// metricsHandler serves the Prometheus exposition format.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
