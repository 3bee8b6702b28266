// Package devserver is a reference Open311 GeoReport v2 back office: it
// serves a kiosk catalogue's services and definitions, and stores the
// requests posted to it, for demos (kioskctl dev-server) and end-to-end
// tests of the kiosk's client (package open311).
//
// It lives apart from package open311 so that the kiosk binary does not
// carry it: only kioskctl and tests import it, and a test here fails if
// cmd/kiosk or open311 come to depend on it. Its Options can play the back
// offices a kiosk meets in the field (batch tokens, numeric IDs, strict
// attributes, no idempotency, answers cut short). It logs calls, never
// form values, to the writer it is given.
package devserver
