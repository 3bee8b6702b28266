package open311

import (
	"fmt"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/config"
)

// standardParams fills the standard POST parameter a field names with
// its attribute (kiosk.StandardParams) instead of attribute[...].
var standardParams = map[string]func(*Request, string){
	kiosk.ParamDescription: func(r *Request, v string) { r.Description = v },
	kiosk.ParamFirstName:   func(r *Request, v string) { r.FirstName = v },
	kiosk.ParamLastName:    func(r *Request, v string) { r.LastName = v },
	kiosk.ParamPhone:       func(r *Request, v string) { r.Phone = v },
	kiosk.ParamEmail:       func(r *Request, v string) { r.Email = v },
	kiosk.ParamAccountID:   func(r *Request, v string) { r.AccountID = v },
}

// tehran is Iran Standard Time; Iran has kept no daylight saving time
// since 2022, so a fixed zone needs no tz database on the device.
var tehran = time.FixedZone("IRST", 3*3600+30*60)

// BuildRequest turns a submission filled against svc into the Request
// that forwards it: the service's Open311 code (its kiosk code when
// unmapped), each answered field that has an attribute (multiple choices
// split and sent as attribute[CODE][]; dates as midnight Tehran time with
// the zone, as GeoReport datetimes must carry one; "@description" and the
// like as standard parameters, any other "@" code refused), the
// submission ID as the Idempotency-Key and in the service's id_attribute
// when it has one, the kiosk as device_id, the device's location, and the
// description ending with the submission's Reference.
func BuildRequest(svc *kiosk.Service, sub kiosk.Submission, loc config.Location) (Request, error) {
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
			if strings.HasPrefix(f.Attribute, kiosk.StandardParamPrefix) {
				// Never sent as attribute[@...]: a catalogue that passed
				// its check names only parameters the kiosk fills.
				set, ok := standardParams[f.Attribute]
				if !ok {
					return Request{}, fmt.Errorf("build open311 request: field %s: %w: %q is not a standard parameter", f.ID, ErrInvalidRequest, f.Attribute)
				}
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
		if strings.HasPrefix(a, kiosk.StandardParamPrefix) {
			return Request{}, fmt.Errorf("build open311 request: %w: id_attribute %q is not a service attribute", ErrInvalidRequest, a)
		}
		r.Attributes[a] = []string{sub.ID}
	}
	if sub.ID != "" {
		// What a back office echoes back: the kiosk finds the request
		// by it after a POST whose answer was lost (see Reference).
		r.Description = WithReference(r.Description, Reference(string(sub.TrackingCode), sub.ID))
	}
	return r, nil
}
