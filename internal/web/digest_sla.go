package web

// SLATarget is a team's first-response target in seconds under the dashboard's settings (the
// SLA page's "sla.<team>", else DefaultSLA): the digests' drivers read it as the why page does.
func SLATarget(settings map[string]string, team string) int64 { return slaTarget(settings, team) }
