package web

import (
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
	reg.MustRegister(m.requests, m.latency, m.ingested, engineRecords,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// metricsHandler serves the Prometheus exposition format.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
