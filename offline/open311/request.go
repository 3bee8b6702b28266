package open311

import (
	"fmt"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// A field whose attribute is one of these is sent as the standard POST
// parameter of that name instead of as attribute[...]: a layout writes
// `attribute: "@description"` to fill the request's description.
const StandardParamPrefix = "@"

var standardParams = map[string]func(*Request, string){
	"@description": func(r *Request, v string) { r.Description = v },
	"@first_name":  func(r *Request, v string) { r.FirstName = v },
	"@last_name":   func(r *Request, v string) { r.LastName = v },
	"@phone":       func(r *Request, v string) { r.Phone = v },
	"@email":       func(r *Request, v string) { r.Email = v },
	"@account_id":  func(r *Request, v string) { r.AccountID = v },
}

// IsStandardParam reports whether attr names a standard POST parameter
// (see StandardParamPrefix) rather than a service attribute.
func IsStandardParam(attr string) bool {
	_, ok := standardParams[attr]
	return ok
}

// tehran is Iran Standard Time; Iran has kept no daylight saving time
// since 2022, so a fixed zone needs no tz database on the device.
var tehran = time.FixedZone("IRST", 3*3600+30*60)

// BuildRequest turns a submission filled against svc into the Request
// that forwards it: the service's Open311 code (its kiosk code when
// unmapped), each answered field that has an attribute (multiple choices
// split and sent as attribute[CODE][]; dates as midnight Tehran time with
// the zone, as GeoReport datetimes must carry one; "@description" and the
// like as standard parameters), the submission ID as the Idempotency-Key
// and in the service's id_attribute when it has one, the kiosk as
// device_id, the device's location, and the description ending with the
// submission's Reference.
func BuildRequest(svc *kiosk.Service, sub kiosk.Submission, loc kiosk.Location) (Request, error) {
	if svc == nil {
		return Request{}, fmt.Errorf("build open311 request: %w: no service", ErrInvalidRequest)
	}
	r := Request{
		ServiceCode:    svc.Open311Code(),
		Lat:            loc.Lat,
		Long:           loc.Long,
		AddressString:  loc.Address,
		DeviceID:       sub.KioskID,
		IdempotencyKey: sub.ID,
		Attributes:     map[string][]string{},
		MultiValued:    map[string]bool{},
	}
	for _, st := range svc.Steps {
		for _, f := range st.Fields {
			v := sub.Answers[f.ID]
			if f.Attribute == "" || f.Type == kiosk.FieldInfo || v == "" {
				continue
			}
			if set, ok := standardParams[f.Attribute]; ok {
				set(&r, v)
				continue
			}
			switch f.Type {
			case kiosk.FieldMultiChoice:
				r.Attributes[f.Attribute] = strings.Split(v, ",")
				r.MultiValued[f.Attribute] = true
			case kiosk.FieldDate:
				d, err := time.ParseInLocation("2006-01-02", v, tehran)
				if err != nil {
					return Request{}, fmt.Errorf("build open311 request: field %s: %w: date is not YYYY-MM-DD", f.ID, ErrInvalidRequest)
				}
				r.Attributes[f.Attribute] = []string{d.Format(time.RFC3339)}
			default:
				r.Attributes[f.Attribute] = []string{v}
			}
		}
	}
	if a := svc.Open311.IDAttribute; a != "" && sub.ID != "" {
		r.Attributes[a] = []string{sub.ID}
	}
	if sub.ID != "" {
		// What a back office echoes back: the kiosk finds the request
		// by it after a POST whose answer was lost (see Reference).
		r.Description = WithReference(r.Description, Reference(string(sub.TrackingCode), sub.ID))
	}
	return r, nil
}
