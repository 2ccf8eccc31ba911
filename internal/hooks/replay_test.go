package hooks

import (
	"strings"
	"testing"
	"time"
)

// TestTimeFieldsZone: a source file's delivery.timezone is the zone of its time_fields times
// written without an offset. A name that is no IANA zone, or a timezone with no time_fields to
// apply to, is a mistake of the file, named; the machine's Local differs by machine and is none.
func TestTimeFieldsZone(t *testing.T) {
	for _, c := range []struct {
		name    string
		d       fileDelivery
		zone    string // "" for none
		mistake string
	}{
		{"none", fileDelivery{TimeFields: []string{"updated_at"}}, "", ""},
		{"UTC", fileDelivery{TimeFields: []string{"date_modified_gmt"}, Timezone: "UTC"}, "UTC", ""},
		{"not a zone", fileDelivery{TimeFields: []string{"date_modified_gmt"}, Timezone: "Amsterdam"}, "", `delivery.timezone "Amsterdam" is not a time zone`},
		{"Local", fileDelivery{TimeFields: []string{"date_modified_gmt"}, Timezone: "Local"}, "", `delivery.timezone "Local" is not a time zone`},
		{"without time_fields", fileDelivery{Timezone: "UTC"}, "", "without time_fields"},
	} {
		t.Run(c.name, func(t *testing.T) {
			loc, err := timeFieldsZone(c.d)
			switch {
			case c.mistake != "":
				if err == nil || !strings.Contains(err.Error(), c.mistake) {
					t.Errorf("%v, %v; want the mistake %q", loc, err, c.mistake)
				}
			case err != nil:
				t.Fatal(err)
			case c.zone == "" && loc != nil, c.zone != "" && (loc == nil || loc.String() != c.zone):
				t.Errorf("zone %v; want %q", loc, c.zone)
			}
		})
	}
}

// TestChangedAtWithoutAnOffset: WooCommerce writes date_modified_gmt as 2026-03-14T09:00:00,
// UTC ("as GMT", https://woocommerce.github.io/woocommerce-rest-api-docs/#order-properties);
// RFC 3339 reads still; a source without a timezone reads RFC 3339 only.
func TestChangedAtWithoutAnOffset(t *testing.T) {
	utc := &Source{timeFields: []string{"date_modified_gmt", "date_created_gmt"}, timeZone: time.UTC}
	for _, c := range []struct {
		name    string
		s       *Source
		payload map[string]any
		want    time.Time
	}{
		{"WooCommerce's form", utc, map[string]any{"date_modified_gmt": "2026-03-14T09:00:00"}, time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)},
		{"the second field", utc, map[string]any{"date_modified_gmt": nil, "date_created_gmt": "2026-03-13T13:05:00"}, time.Date(2026, 3, 13, 13, 5, 0, 0, time.UTC)},
		{"RFC 3339", utc, map[string]any{"date_modified_gmt": "2026-03-14T10:00:00+01:00"}, time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)},
		{"no timezone", &Source{timeFields: []string{"date_modified_gmt"}}, map[string]any{"date_modified_gmt": "2026-03-14T09:00:00"}, time.Time{}},
		{"not a time", utc, map[string]any{"date_modified_gmt": "14-03-2026"}, time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.changedAt(c.payload); !got.Equal(c.want) {
				t.Errorf("%v; want %v", got, c.want)
			}
		})
	}
}
