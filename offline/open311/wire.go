package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Limits on server-supplied text kept by the decoder.
const (
	maxNameRunes  = 200
	maxTextRunes  = 4000
	maxCodeRunes  = 200
	maxErrorRunes = 500
)

// The GeoReport v2 attribute datatypes.
const (
	DatatypeString          = "string"
	DatatypeNumber          = "number"
	DatatypeDatetime        = "datetime"
	DatatypeText            = "text"
	DatatypeSingleValueList = "singlevaluelist"
	DatatypeMultiValueList  = "multivaluelist"
)

// Service types (GET services "type").
const (
	TypeRealtime = "realtime" // a service_request_id is answered at once
	TypeBatch    = "batch"    // a token is answered, later turned into an ID
	TypeBlackbox = "blackbox" // no ID at all
)

// Service is one entry of GET services.json.
type Service struct {
	Code        string `json:"service_code"`
	Name        string `json:"service_name"`
	Description string `json:"description"`
	// Metadata is true when the service has a definition with attributes.
	Metadata bool   `json:"metadata"`
	Type     string `json:"type"`
	// Keywords is the spec's comma-separated list; arrays are joined.
	Keywords string `json:"keywords,omitempty"`
	Group    string `json:"group,omitempty"`
}

// UnmarshalJSON decodes a service tolerantly (codes as numbers, metadata
// as "true", keywords as an array).
func (s *Service) UnmarshalJSON(b []byte) error {
	var w struct {
		Code        flexString `json:"service_code"`
		Name        flexString `json:"service_name"`
		Description flexString `json:"description"`
		Metadata    flexBool   `json:"metadata"`
		Type        flexString `json:"type"`
		Keywords    flexList   `json:"keywords"`
		Group       flexString `json:"group"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = Service{
		Code:        cleanText(string(w.Code), maxCodeRunes),
		Name:        cleanText(string(w.Name), maxNameRunes),
		Description: cleanText(string(w.Description), maxTextRunes),
		Metadata:    bool(w.Metadata),
		Type:        strings.ToLower(string(w.Type)),
		Keywords:    cleanText(strings.Join(w.Keywords, ", "), maxTextRunes),
		Group:       cleanText(string(w.Group), maxNameRunes),
	}
	return nil
}

// ServiceDefinition is GET services/{code}.json: the attributes (form
// fields) of one service.
type ServiceDefinition struct {
	ServiceCode string      `json:"service_code"`
	Attributes  []Attribute `json:"attributes"`
}

// UnmarshalJSON decodes a definition and sorts its attributes by order
// (ties and missing orders keep the server's sequence).
func (d *ServiceDefinition) UnmarshalJSON(b []byte) error {
	var w struct {
		ServiceCode flexString      `json:"service_code"`
		Attributes  json.RawMessage `json:"attributes"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d.ServiceCode = cleanText(string(w.ServiceCode), maxCodeRunes)
	d.Attributes = nil
	if len(w.Attributes) > 0 && string(w.Attributes) != "null" {
		recs, err := records(w.Attributes, func(m map[string]json.RawMessage) bool {
			return hasAny(m, "code", "datatype")
		})
		if err != nil {
			return err
		}
		for _, m := range recs {
			var a Attribute
			if err := decodeRecord(m, &a); err != nil {
				return err
			}
			d.Attributes = append(d.Attributes, a)
		}
	}
	sort.SliceStable(d.Attributes, func(i, j int) bool {
		oi, oj := d.Attributes[i].Order, d.Attributes[j].Order
		if oi <= 0 || oj <= 0 {
			return oi > 0 && oj <= 0 // ordered ones first
		}
		return oi < oj
	})
	return nil
}

// Attribute is one field of a service definition.
type Attribute struct {
	// Variable is false for display-only text (the description).
	Variable bool   `json:"variable"`
	Code     string `json:"code"`
	Datatype string `json:"datatype"`
	Required bool   `json:"required"`
	// DatatypeDescription helps the user give their input.
	DatatypeDescription string `json:"datatype_description"`
	Order               int    `json:"order"`
	// Description is the question asked, or the text shown when not
	// Variable.
	Description string           `json:"description"`
	Values      []AttributeValue `json:"values,omitempty"`
}

// UnmarshalJSON decodes an attribute tolerantly. A missing "variable"
// means true: an attribute asks for input unless it says otherwise.
func (a *Attribute) UnmarshalJSON(b []byte) error {
	var w struct {
		Variable            optBool         `json:"variable"`
		Code                flexString      `json:"code"`
		Datatype            flexString      `json:"datatype"`
		Required            flexBool        `json:"required"`
		DatatypeDescription flexString      `json:"datatype_description"`
		Order               flexInt         `json:"order"`
		Description         flexString      `json:"description"`
		Values              json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Attribute{
		Variable:            !w.Variable.set || w.Variable.val,
		Code:                cleanText(string(w.Code), maxCodeRunes),
		Datatype:            strings.ToLower(string(w.Datatype)),
		Required:            bool(w.Required),
		DatatypeDescription: cleanText(string(w.DatatypeDescription), maxTextRunes),
		Order:               int(w.Order),
		Description:         cleanText(string(w.Description), maxTextRunes),
	}
	if len(w.Values) > 0 && string(w.Values) != "null" {
		recs, err := records(w.Values, func(m map[string]json.RawMessage) bool {
			return hasAny(m, "key", "name")
		})
		if err != nil {
			return err
		}
		for _, m := range recs {
			var v struct {
				Key  flexString `json:"key"`
				Name flexString `json:"name"`
			}
			if err := decodeRecord(m, &v); err != nil {
				return err
			}
			a.Values = append(a.Values, AttributeValue{
				Key:  cleanText(string(v.Key), maxCodeRunes),
				Name: cleanText(string(v.Name), maxNameRunes),
			})
		}
	}
	return nil
}

// AttributeValue is one option of a singlevaluelist or multivaluelist.
type AttributeValue struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// PostResult is the back office's answer to POST requests: an ID, or a
// token to turn into one later, or neither for a blackbox service.
type PostResult struct {
	ServiceRequestID string
	Token            string
	ServiceNotice    string
	AccountID        string
}

// ServiceRequest is one entry of GET requests/{id}.json.
type ServiceRequest struct {
	ID                string    `json:"service_request_id"`
	Status            string    `json:"status"` // "open" or "closed"
	StatusNotes       string    `json:"status_notes,omitempty"`
	ServiceName       string    `json:"service_name,omitempty"`
	ServiceCode       string    `json:"service_code"`
	Description       string    `json:"description,omitempty"`
	AgencyResponsible string    `json:"agency_responsible,omitempty"`
	ServiceNotice     string    `json:"service_notice,omitempty"`
	Requested         time.Time `json:"requested_datetime,omitzero"`
	Updated           time.Time `json:"updated_datetime,omitzero"`
	Expected          time.Time `json:"expected_datetime,omitzero"`
	Address           string    `json:"address,omitempty"`
	AddressID         string    `json:"address_id,omitempty"`
	Zipcode           string    `json:"zipcode,omitempty"`
	Lat               *float64  `json:"lat,omitempty"`
	Long              *float64  `json:"long,omitempty"`
	MediaURL          string    `json:"media_url,omitempty"`
}

// UnmarshalJSON decodes a request tolerantly: IDs, zip codes and
// coordinates as numbers or strings, datetimes in the forms servers use.
func (r *ServiceRequest) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                flexString `json:"service_request_id"`
		Status            flexString `json:"status"`
		StatusNotes       flexString `json:"status_notes"`
		ServiceName       flexString `json:"service_name"`
		ServiceCode       flexString `json:"service_code"`
		Description       flexString `json:"description"`
		AgencyResponsible flexString `json:"agency_responsible"`
		ServiceNotice     flexString `json:"service_notice"`
		Requested         flexTime   `json:"requested_datetime"`
		Updated           flexTime   `json:"updated_datetime"`
		Expected          flexTime   `json:"expected_datetime"`
		Address           flexString `json:"address"`
		AddressID         flexString `json:"address_id"`
		Zipcode           flexString `json:"zipcode"`
		Lat               flexFloat  `json:"lat"`
		Long              flexFloat  `json:"long"`
		MediaURL          flexString `json:"media_url"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ServiceRequest{
		ID:                cleanText(string(w.ID), maxCodeRunes),
		Status:            strings.ToLower(cleanText(string(w.Status), 40)),
		StatusNotes:       cleanText(string(w.StatusNotes), maxTextRunes),
		ServiceName:       cleanText(string(w.ServiceName), maxNameRunes),
		ServiceCode:       cleanText(string(w.ServiceCode), maxCodeRunes),
		Description:       cleanText(string(w.Description), maxTextRunes),
		AgencyResponsible: cleanText(string(w.AgencyResponsible), maxNameRunes),
		ServiceNotice:     cleanText(string(w.ServiceNotice), maxTextRunes),
		Requested:         time.Time(w.Requested),
		Updated:           time.Time(w.Updated),
		Expected:          time.Time(w.Expected),
		Address:           cleanText(string(w.Address), maxTextRunes),
		AddressID:         cleanText(string(w.AddressID), maxCodeRunes),
		Zipcode:           cleanText(string(w.Zipcode), 40),
		Lat:               w.Lat.v,
		Long:              w.Long.v,
		MediaURL:          cleanText(string(w.MediaURL), 2000),
	}
	return nil
}

// decodeServices reads GET services.
func decodeServices(doc []byte) ([]Service, error) {
	recs, err := records(doc, func(m map[string]json.RawMessage) bool {
		return hasAny(m, "service_code")
	})
	if err != nil {
		return nil, err
	}
	out := make([]Service, 0, len(recs))
	for _, m := range recs {
		var s Service
		if err := decodeRecord(m, &s); err != nil {
			return nil, err
		}
		if s.Code == "" {
			return nil, fmt.Errorf("%w: a service has no service_code", ErrMalformed)
		}
		out = append(out, s)
	}
	return out, nil
}

// decodeDefinition reads GET services/{code}: an object (the spec), or
// one wrapped in an array or under "service_definition".
func decodeDefinition(doc []byte) (ServiceDefinition, error) {
	recs, err := records(doc, func(m map[string]json.RawMessage) bool {
		return hasAny(m, "attributes")
	})
	if err != nil {
		return ServiceDefinition{}, err
	}
	if len(recs) == 0 {
		// {"service_code": "X"} alone: a definition without attributes.
		recs, err = records(doc, func(m map[string]json.RawMessage) bool {
			return hasAny(m, "service_code")
		})
		if err != nil {
			return ServiceDefinition{}, err
		}
		if len(recs) == 0 {
			return ServiceDefinition{}, fmt.Errorf("%w: no service definition", ErrMalformed)
		}
	}
	var d ServiceDefinition
	if err := decodeRecord(recs[0], &d); err != nil {
		return ServiceDefinition{}, err
	}
	return d, nil
}

// postRecordKeys mark a record as an answer to POST requests or to GET
// tokens.
var postRecordKeys = []string{"service_request_id", "token", "service_notice", "account_id"}

// decodePostResult reads the answer to POST requests. It reports ok=false
// when the document holds no request record at all (an error array on a
// 2xx, say).
func decodePostResult(doc []byte) (res PostResult, ok bool, err error) {
	recs, err := records(doc, func(m map[string]json.RawMessage) bool {
		return hasAny(m, postRecordKeys...)
	})
	if err != nil {
		return PostResult{}, false, err
	}
	withID := 0
	for _, m := range recs {
		if hasAny(m, "service_request_id", "token") {
			withID++
		}
	}
	if withID > 1 {
		// One POST creates one request. A list of several is the answer
		// to some other call (a POST turned into GET requests by a proxy):
		// taking its first ID would acknowledge the wrong request.
		return PostResult{}, false, fmt.Errorf("%w: the answer lists %d requests", ErrMalformed, withID)
	}
	for _, m := range recs {
		if !hasAny(m, postRecordKeys...) {
			continue
		}
		var w struct {
			ID            flexString `json:"service_request_id"`
			Token         flexString `json:"token"`
			ServiceNotice flexString `json:"service_notice"`
			AccountID     flexString `json:"account_id"`
		}
		if err := decodeRecord(m, &w); err != nil {
			return PostResult{}, false, err
		}
		res = PostResult{
			ServiceRequestID: cleanText(string(w.ID), maxCodeRunes),
			Token:            cleanText(string(w.Token), maxCodeRunes),
			ServiceNotice:    cleanText(string(w.ServiceNotice), maxTextRunes),
			AccountID:        cleanText(string(w.AccountID), maxCodeRunes),
		}
		if res.ServiceRequestID != "" {
			res.Token = "" // the spec forbids both; the ID is what counts
		}
		return res, true, nil
	}
	return PostResult{}, false, nil
}

// decodeRequests reads GET requests and GET requests/{id}.
func decodeRequests(doc []byte) ([]ServiceRequest, error) {
	recs, err := records(doc, func(m map[string]json.RawMessage) bool {
		return hasAny(m, "service_request_id", "status")
	})
	if err != nil {
		return nil, err
	}
	out := make([]ServiceRequest, 0, len(recs))
	for _, m := range recs {
		if !hasAny(m, "service_request_id", "status") {
			continue
		}
		var r ServiceRequest
		if err := decodeRecord(m, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// decodeErrors reads a GeoReport error document: the spec's array of
// {code, description}, a single such object, or either wrapped under
// "errors" or "error". Every entry must carry both keys and fill one:
// anything else (a framework's {"message": ...}, problem details, a
// firewall's own JSON) is no Open311 refusal, and gives nil.
func decodeErrors(doc []byte) []APIError {
	return errorsIn(bytes.TrimSpace(doc), true)
}

func errorsIn(doc []byte, unwrap bool) []APIError {
	if len(doc) == 0 {
		return nil
	}
	switch doc[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(doc, &items) != nil || len(items) == 0 {
			return nil
		}
		out := make([]APIError, 0, len(items))
		for _, it := range items {
			m, err := objectOf(it)
			if err != nil {
				return nil
			}
			e, ok := errorEntry(m)
			if !ok {
				return nil
			}
			out = append(out, e)
		}
		return out
	case '{':
		m, err := objectOf(doc)
		if err != nil {
			return nil
		}
		if e, ok := errorEntry(m); ok {
			return []APIError{e}
		}
		if unwrap {
			for _, k := range []string{"errors", "error"} {
				if v, ok := m[k]; ok {
					return errorsIn(bytes.TrimSpace(v), false)
				}
			}
		}
	}
	return nil
}

// errorEntry reads one {code, description} entry (lower-cased keys).
func errorEntry(m map[string]json.RawMessage) (APIError, bool) {
	rawCode, okCode := m["code"]
	rawDesc, okDesc := m["description"]
	if !okCode || !okDesc {
		return APIError{}, false
	}
	var code, desc flexString
	if code.UnmarshalJSON(rawCode) != nil || desc.UnmarshalJSON(rawDesc) != nil || (code == "" && desc == "") {
		return APIError{}, false
	}
	return APIError{Code: string(code), Description: string(desc)}, true
}

// decodeXMLErrors reads the spec's XML error document:
// <errors><error><code>403</code><description>...</description></error></errors>,
// with the same rules as decodeErrors.
func decodeXMLErrors(body []byte) []APIError {
	var doc struct {
		XMLName xml.Name
		Errors  []struct {
			Code        *string `xml:"code"`
			Description *string `xml:"description"`
		} `xml:"error"`
	}
	if xml.Unmarshal(body, &doc) != nil || doc.XMLName.Local != "errors" || len(doc.Errors) == 0 {
		return nil
	}
	out := make([]APIError, 0, len(doc.Errors))
	for _, e := range doc.Errors {
		if e.Code == nil || e.Description == nil {
			return nil
		}
		code, desc := strings.TrimSpace(*e.Code), strings.TrimSpace(*e.Description)
		if code == "" && desc == "" {
			return nil
		}
		out = append(out, APIError{Code: code, Description: desc})
	}
	return out
}
