// Package open311 speaks Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2)
// for the kiosk.
//
// It holds three things: a Client that forwards submissions to an agency's
// back office and reads services, definitions, tokens and request statuses;
// the wire types with a tolerant decoder for the ways real servers differ
// from the spec (numbers for strings, wrapped arrays, single error objects,
// 201 answers); and the import of a back office's service definitions into
// a kiosk.Catalogue merged with a local form layout. The reference server
// for demos and tests is package devserver, which the kiosk does not link.
//
// The package imports kiosk for the catalogue and configuration types only.
// The client never logs; no error it returns carries the api_key, and
// server text in its errors has long digit runs (national codes, phone
// numbers) masked.
package open311
