package control

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/kiosk/filing"
	"github.com/pishkhan/pishkhan/offline"
)

// Submitter makes a submission the way a citizen's session does: the
// service's form validates and normalizes every answer (kiosk.Field's
// ValidateAt on the filer's clock, conditions included), then the filer
// that files the citizens' submissions stores it, signs its receipt and
// prints it (or keeps it).
type Submitter struct {
	Catalogue *kiosk.Catalogue
	// Filer is the kiosk's own (the session files through it too).
	Filer *filing.Filer
	// Stored finds a submission already stored under a client's ID.
	Stored SubmissionFinder
}

// SubmissionFinder finds a stored submission by its ID; *offline.Outbox
// is one.
type SubmissionFinder interface {
	// ByID returns the stored submission with ID id, or an error wrapping
	// offline.ErrNotFound.
	ByID(id string) (offline.Entry, error)
}

// SubmitRequest is a test submission: a service and its answers by field
// ID, as typed (they are normalized like a citizen's).
type SubmitRequest struct {
	// ID is the submission's ID (a UUID) chosen by the client, so that a
	// request sent again after a broken connection is answered with the
	// submission stored the first time, never stored twice; empty lets
	// the submitter choose one.
	ID      string            `json:"id,omitempty"`
	Service string            `json:"service"`
	Values  map[string]string `json:"values"`
	// Lang is the submission's language (default Persian).
	Lang kiosk.Lang `json:"lang,omitempty"`
}

// SubmitResult is what became of a test submission.
type SubmitResult struct {
	Receipt kiosk.Receipt `json:"receipt"`
	// Printed reports that the printer took the receipt; PrintError says
	// why not (a message key and the printer's state), empty when there
	// is no printer.
	Printed    bool   `json:"printed"`
	PrintError string `json:"print_error,omitempty"`
	// AlreadyStored reports that a submission with the request's ID was
	// stored before: Receipt is its receipt (the same tracking code,
	// signed again), nothing was stored, and nothing printed.
	AlreadyStored bool `json:"already_stored,omitempty"`
}

// ValidationError lists the answers the form refused. Its text names the
// fields and the reasons, never the values.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	return "the form refuses these answers: " + strings.Join(e.Problems, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// Submit validates req against its service's form, enqueues it, and makes
// and prints its receipt. The submission is stored (and its tracking code
// valid) even when printing fails. A request whose ID is already stored
// (a client asking again after a broken connection) is answered with that
// submission's receipt and AlreadyStored, provided it names the same
// service; its answers are not compared.
func (s *Submitter) Submit(ctx context.Context, req SubmitRequest) (SubmitResult, error) {
	id := req.ID
	if id == "" {
		var err error
		if id, err = kiosk.NewSubmissionID(); err != nil {
			return SubmitResult{}, fmt.Errorf("submit: %w", err)
		}
	} else {
		var err error
		if id, err = kiosk.ParseSubmissionID(id); err != nil {
			return SubmitResult{}, fmt.Errorf("submit: %w: %v", ErrInvalid, err)
		}
		if res, err := s.stored(id, req.Service); !errors.Is(err, offline.ErrNotFound) {
			return res, err
		}
	}
	lang := req.Lang
	if lang == "" {
		lang = kiosk.Persian
	}
	if _, err := kiosk.ParseLang(string(lang)); err != nil {
		return SubmitResult{}, fmt.Errorf("submit: %w: %v", ErrInvalid, err)
	}
	svc, ok := s.Catalogue.Service(req.Service)
	if !ok {
		return SubmitResult{}, fmt.Errorf("submit: %w: no service %q in catalogue %s", ErrInvalid, req.Service, s.Catalogue.Version)
	}
	answers, err := validate(svc, req.Values, s.Filer.Clock.Now())
	if err != nil {
		return SubmitResult{}, fmt.Errorf("submit %s: %w", svc.Code, err)
	}
	r, err := s.Filer.File(ctx, kiosk.Draft{ID: id, Service: svc, CatalogueVersion: s.Catalogue.Version, Lang: lang, Answers: answers})
	clear(answers)
	if err != nil {
		if errors.Is(err, offline.ErrDuplicate) && req.ID != "" {
			// The same ID, asked twice at once: the other one stored it.
			return s.stored(id, req.Service)
		}
		return SubmitResult{}, fmt.Errorf("submit: %w", err)
	}
	res := SubmitResult{Receipt: r}
	if s.Filer.HasPrinter() {
		res.Printed, res.PrintError = printed(s.Filer.Print(ctx, r))
	}
	return res, nil
}

// stored answers a request whose ID is already stored: that submission's
// receipt, signed again, when it is for the same service. The error wraps
// offline.ErrNotFound when no submission has the ID.
func (s *Submitter) stored(id, service string) (SubmitResult, error) {
	e, err := s.Stored.ByID(id)
	if err != nil {
		return SubmitResult{}, fmt.Errorf("submit %s: %w", id, err)
	}
	if e.ServiceCode != service {
		return SubmitResult{}, fmt.Errorf("submit: %w: submission %s is already stored for service %s (tracking code %s), not %s; choose another ID",
			ErrInvalid, id, e.ServiceCode, e.TrackingCode, service)
	}
	svc, ok := s.Catalogue.Service(e.ServiceCode)
	if !ok {
		// A service since dropped from the catalogue keeps its code alone.
		svc = &kiosk.Service{Code: e.ServiceCode}
	}
	return SubmitResult{Receipt: s.Filer.Receipt(e.TrackingCode, svc, e.CreatedAt, e.KioskID, e.Lang), AlreadyStored: true}, nil
}

// printed says what a technician reads of a print's outcome: whether it
// printed, and if not the printer's state or the failure.
func printed(o kiosk.PrintOutcome) (bool, string) {
	switch {
	case o.Printed:
		return true, ""
	case o.Err != nil && errors.Is(o.Err, kiosk.ErrPaperOut):
		return false, "printer out of paper: " + o.Err.Error()
	case o.Err != nil:
		return false, o.Err.Error()
	}
	return false, fmt.Sprintf("printer %s: %s", o.Status.State, o.Status.Detail)
}

// validate checks values against the form as the session does, step by
// step: fields whose condition does not hold take no answer, every other
// field's answer is validated and normalized. Values for unknown fields or
// for fields that do not apply are refused, so a typo is never silently
// dropped.
func validate(svc *kiosk.Service, values map[string]string, now time.Time) (map[string]string, error) {
	answers := map[string]string{}
	var problems []string
	used := map[string]bool{}
	// Conditions are judged on the normalized answers given so far, as
	// the session judges them step after step.
	for i := range svc.Steps {
		st := &svc.Steps[i]
		if !st.When.Holds(answers) {
			continue
		}
		for _, f := range st.Fields {
			if f.Type == kiosk.FieldInfo || !f.When.Holds(answers) {
				continue
			}
			used[f.ID] = true
			v, ferr := f.ValidateAt(values[f.ID], now)
			if ferr != nil {
				problems = append(problems, f.ID+": "+strings.TrimSuffix(kiosk.Msgf(kiosk.English, ferr.Key, ferr.Args), "."))
				continue
			}
			answers[f.ID] = v
		}
		// Checks across fields, as the session makes them when the
		// citizen leaves the step.
		cross := map[string]*kiosk.FieldError{}
		maps.Copy(cross, st.CheckPlateTypes(answers))
		maps.Copy(cross, svc.CheckDistinct(i, answers))
		for _, id := range slices.Sorted(maps.Keys(cross)) {
			problems = append(problems, id+": "+strings.TrimSuffix(kiosk.Msgf(kiosk.English, cross[id].Key, cross[id].Args), "."))
		}
	}
	var extra []string
	for id := range values {
		if !used[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		if _, ok := svc.Field(id); ok {
			problems = append(problems, id+": does not apply with these answers")
		} else {
			problems = append(problems, id+": no such field in service "+svc.Code)
		}
	}
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return answers, nil
}
