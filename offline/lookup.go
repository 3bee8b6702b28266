package offline

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ByID returns what a technician may see of the submission with ID id,
// so that a submission asked for again under the same ID is answered
// with the one stored instead of being stored twice. The error wraps
// ErrNotFound when no submission has that ID.
func (o *Outbox) ByID(id string) (Entry, error) {
	var e Entry
	err := o.db.View(func(tx *bolt.Tx) error {
		r, err := load(tx, id)
		if err != nil {
			return err
		}
		e = r.entry()
		return nil
	})
	if err != nil {
		return Entry{}, fmt.Errorf("find submission by id: %w", err)
	}
	return e, nil
}
