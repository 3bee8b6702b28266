package kiosk

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Submission is what a citizen sends: a filled form for one service.
// Answers hold personal data; everything else may be shown to a technician.
type Submission struct {
	// ID is the submission's stable identity and the idempotency key sent
	// with every attempt to forward it, so the back office can drop
	// duplicates. It is a UUIDv7, so IDs sort by creation time.
	ID               string
	TrackingCode     TrackingCode
	ServiceCode      string
	CatalogueVersion string
	KioskID          string
	Lang             Lang
	CreatedAt        time.Time
	// Answers maps field IDs to normalized values. Multiple choices are
	// joined with commas.
	Answers map[string]string
}

// NewSubmissionID returns a fresh, time-ordered submission ID.
func NewSubmissionID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("new submission id: %w", err)
	}
	return id.String(), nil
}

// ParseSubmissionID accepts a submission ID chosen by a client, so that a
// submission asked for again under it is not stored twice. Like the IDs
// NewSubmissionID makes, it must be a UUIDv7 in its 36-character form,
// which keeps IDs in order of creation; the lower-case form is returned.
func ParseSubmissionID(s string) (string, error) {
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 || id.Version() != 7 {
		return "", fmt.Errorf("parse submission id %q: not a UUIDv7 such as 0190c8a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f", s)
	}
	return id.String(), nil
}
