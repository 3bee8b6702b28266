package journeys

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
)

// Export formats.
const (
	FormatJSONL = "jsonl" // one kiosk.Journey as JSON per line
	FormatCSV   = "csv"   // one row per journey, steps summarized
)

// CSVHeader names the columns of the csv export, in order.
var CSVHeader = []string{
	"id", "started", "duration_ms", "device_id", "site", "channel", "lang",
	"large_text", "high_contrast", "speech", "audio_only", "assisted", "service",
	"catalogue_version", "outcome", "exit_step", "steps", "backs", "edits",
	"submit_failures", "refusals", "print", "satisfaction", "stop_reason", "truncated",
}

// Export writes the journeys that started in or after the hour of since to
// w in format (FormatJSONL or FormatCSV).
func (s *Store) Export(w io.Writer, since time.Time, format string) error {
	switch format {
	case FormatJSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := s.List(since, func(j kiosk.Journey) error { return enc.Encode(j) }); err != nil {
			return fmt.Errorf("export journeys: %w", err)
		}
		return nil
	case FormatCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(CSVHeader); err != nil {
			return fmt.Errorf("export journeys: %w", err)
		}
		err := s.List(since, func(j kiosk.Journey) error { return cw.Write(csvRow(j)) })
		if err == nil {
			cw.Flush()
			err = cw.Error()
		}
		if err != nil {
			return fmt.Errorf("export journeys: %w", err)
		}
		return nil
	}
	return fmt.Errorf("export journeys: unknown format %q (jsonl or csv)", format)
}

// csvRow is j as a row under CSVHeader. Steps are "name:milliseconds"
// joined by ">", refusals "step/field:kind" joined by ";".
func csvRow(j kiosk.Journey) []string {
	steps := make([]string, len(j.Steps))
	for i, st := range j.Steps {
		steps[i] = st.Name() + ":" + strconv.FormatInt(st.LeftMS-st.EnteredMS, 10)
	}
	refusals := make([]string, len(j.Refusals))
	for i, r := range j.Refusals {
		refusals[i] = r.Step + "/" + r.Field + ":" + r.Kind
	}
	b := strconv.FormatBool
	return []string{
		j.ID, j.Started.UTC().Format(time.RFC3339), strconv.FormatInt(j.DurationMS, 10),
		cell(j.DeviceID), cell(j.Site), string(j.Channel), string(j.Lang),
		b(j.LargeText), b(j.HighContrast), b(j.Speech), b(j.AudioOnly), b(j.Assisted), j.Service,
		cell(j.CatalogueVersion), string(j.Outcome), j.ExitStep, strings.Join(steps, ">"),
		strconv.Itoa(j.Backs), strconv.Itoa(j.Edits), strconv.Itoa(j.SubmitFailures),
		strings.Join(refusals, ";"), string(j.Print), strconv.Itoa(j.Satisfaction),
		string(j.StopReason), b(j.Truncated),
	}
}

// cell keeps a spreadsheet from reading a configured name as a formula.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
		return "'" + v
	}
	return v
}
