package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// Trailers of a listing that broke off after its first entry was sent,
// when its status can no longer say so.
const (
	trailerError = "Pishkhan-Error"
	trailerCode  = "Pishkhan-Error-Code"
)

// statusBody is the answer of GET /v1/status.
type statusBody struct {
	Counts offline.Counts `json:"counts"`
}

// retriedBody is the answer of POST /v1/queue/retry-dead.
type retriedBody struct {
	Retried int `json:"retried"`
}

// handler serves the control API on a Queue.
type handler struct {
	q Queue
}

// newHandler routes the control API to q. Each request's context ends
// after opTimeout, when the client hangs up, or when the kiosk stops.
func newHandler(q Queue) http.Handler {
	h := &handler{q: q}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", h.status)
	mux.HandleFunc("GET /v1/queue", h.list)
	mux.HandleFunc("GET /v1/queue/{code}", h.show)
	mux.HandleFunc("POST /v1/queue/{code}/retry", h.retry)
	mux.HandleFunc("POST /v1/queue/retry-dead", h.retryDead)
	mux.HandleFunc("POST /v1/sync", h.sync)
	mux.HandleFunc("POST /v1/submissions", h.submit)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), opTimeout)
		defer cancel()
		mux.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (h *handler) status(w http.ResponseWriter, r *http.Request) {
	c, err := h.q.Counts(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, statusBody{Counts: c})
}

// list streams the submissions as a JSON array. An error after the first
// entry leaves the array unclosed, so no reader takes it for the whole
// list, and is told in the trailers.
func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	opts, err := listOptions(query)
	if err != nil {
		writeError(w, err)
		return
	}
	personal, err := boolParam(query, "personal")
	if err != nil {
		writeError(w, err)
		return
	}
	rc := http.NewResponseController(w)
	started := false
	err = h.q.List(r.Context(), opts, personal, func(e Entry) error {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sep := ","
		if !started {
			w.Header().Set("Content-Type", "application/json")
			// Announced, they keep the answer chunked, so they can be sent.
			w.Header().Set("Trailer", trailerError+", "+trailerCode)
			w.WriteHeader(http.StatusOK)
			started, sep = true, "["
		}
		rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		_, err = w.Write(append([]byte(sep), b...))
		return err
	})
	switch {
	case err != nil && !started:
		writeError(w, err)
	case err != nil:
		_, code := statusOf(err)
		w.Header().Set(trailerError, err.Error())
		w.Header().Set(trailerCode, code)
	case !started:
		writeJSON(w, http.StatusOK, []Entry{})
	default:
		rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		w.Write([]byte("]\n"))
	}
}

// listOptions reads a listing's query: state, limit and newest.
func listOptions(query url.Values) (offline.ListOptions, error) {
	var opts offline.ListOptions
	if v := query.Get("state"); v != "" {
		st, ok := offline.ParseState(v)
		if !ok {
			return opts, fmt.Errorf("%w: unknown state %q", errBadRequest, v)
		}
		opts.State = st
	}
	if v := query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return opts, fmt.Errorf("%w: limit %q is not a count", errBadRequest, v)
		}
		opts.Limit = n
	}
	var err error
	opts.Newest, err = boolParam(query, "newest")
	return opts, err
}

// boolParam reads a query flag: absent is false, present with no value is
// true (?personal), else strconv.ParseBool decides.
func boolParam(query url.Values, name string) (bool, error) {
	vs, ok := query[name]
	if !ok {
		return false, nil
	}
	if len(vs) == 1 && vs[0] == "" {
		return true, nil
	}
	b, err := strconv.ParseBool(vs[len(vs)-1])
	if err != nil {
		return false, fmt.Errorf("%w: %s=%q is not true or false", errBadRequest, name, vs[len(vs)-1])
	}
	return b, nil
}

// trackingCode reads the {code} of the path.
func trackingCode(r *http.Request) (kiosk.TrackingCode, error) {
	code, err := kiosk.ParseTrackingCode(r.PathValue("code"))
	if err != nil {
		return "", fmt.Errorf("%q: %w", r.PathValue("code"), err)
	}
	return code, nil
}

func (h *handler) show(w http.ResponseWriter, r *http.Request) {
	code, err := trackingCode(r)
	if err != nil {
		writeError(w, fmt.Errorf("show submission: %w", err))
		return
	}
	personal, err := boolParam(r.URL.Query(), "personal")
	if err != nil {
		writeError(w, err)
		return
	}
	e, err := h.q.Show(r.Context(), code, personal)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (h *handler) retry(w http.ResponseWriter, r *http.Request) {
	code, err := trackingCode(r)
	if err != nil {
		writeError(w, fmt.Errorf("retry submission: %w", err))
		return
	}
	if err := h.q.Retry(r.Context(), code); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) retryDead(w http.ResponseWriter, r *http.Request) {
	n, err := h.q.RetryDead(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, retriedBody{Retried: n})
}

func (h *handler) sync(w http.ResponseWriter, r *http.Request) {
	rep, err := h.q.Sync(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// submit makes a test submission: 201 Created with its result, or 200 OK
// when a submission with the request's ID was stored before.
func (h *handler) submit(w http.ResponseWriter, r *http.Request) {
	var req SubmitRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			writeError(w, fmt.Errorf("decode submission: %w: more than %d bytes", errTooLarge, mbe.Limit))
			return
		}
		writeError(w, fmt.Errorf("decode submission: %w: %v", errBadRequest, err))
		return
	}
	res, err := h.q.Submit(r.Context(), req)
	if err != nil {
		writeError(w, err)
		return
	}
	if res.AlreadyStored {
		writeJSON(w, http.StatusOK, res)
		return
	}
	w.Header().Set("Location", "/v1/queue/"+string(res.Receipt.TrackingCode))
	writeJSON(w, http.StatusCreated, res)
}

// writeJSON answers v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(errorBody{Error: fmt.Sprintf("encode answer: %v", err)})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(writeTimeout))
	w.Write(append(b, '\n'))
}

// writeError answers err with its status and code.
func writeError(w http.ResponseWriter, err error) {
	status, code := statusOf(err)
	writeJSON(w, status, errorBody{Error: err.Error(), Code: code})
}
