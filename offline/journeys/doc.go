// Package journeys keeps the kiosk's journeys (kiosk.Journey, one per
// citizen session, no personal data) durably on the device, in a bbolt
// file of its own (journeys.db) apart from the outbox.
//
// Recording never holds the screen: Store.Record only queues the journey
// for a background writer and returns. When the queue is full (the disk
// stalls for seconds) the journey is dropped and counted (Store.Dropped)
// rather than making the citizen wait; a journey is a measurement, not a
// promise made to a citizen. The writer commits whatever is queued in one
// transaction as soon as it arrives, so a batch is on disk within about a
// second at most, and Close and Flush commit what is left.
//
// The store is bounded: journeys older than Options.MaxAge and, beyond
// Options.MaxCount, the oldest are deleted in the transaction that adds
// new ones. Keys are the hour the journey started followed by its random
// ID, so the order of journeys within an hour is not kept and cannot be
// matched to the order of tracking codes.
package journeys
