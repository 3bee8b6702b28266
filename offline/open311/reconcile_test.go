package open311_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pishkhan/pishkhan/kiosk/config"
	"github.com/pishkhan/pishkhan/offline/open311"
)

func TestWithReference(t *testing.T) {
	ref := open311.Reference("0000-7009-2594-7764", "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d")
	long := strings.Repeat("ب", open311.MaxDescription)
	tests := []struct {
		name, desc string
		want       string // prefix before the reference; "" for none
	}{
		{name: "no description", desc: "", want: ""},
		{name: "blank description", desc: " \n", want: ""},
		{name: "a citizen's text", desc: "چراغ خیابان خاموش است", want: "چراغ خیابان خاموش است\n\n"},
		{name: "text at the limit is cut, not the reference", desc: long, want: string([]rune(long)[:open311.MaxDescription-utf8.RuneCountInString(ref)-3]) + "…\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := open311.WithReference(tt.desc, ref)
			if got != tt.want+ref {
				t.Errorf("WithReference = %q…, want %q… then the reference", got[:min(len(got), 40)], (tt.want + ref)[:min(len(tt.want+ref), 40)])
			}
			if n := utf8.RuneCountInString(got); n > open311.MaxDescription {
				t.Errorf("%d characters, over the %d a description may hold", n, open311.MaxDescription)
			}
			sr := open311.ServiceRequest{Description: got}
			if !open311.Mentions(sr, "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7d") {
				t.Error("the reference is not found in the description it ends")
			}
			if open311.Mentions(sr, "0191b0c4-7d2e-7a3b-9c1d-2e3f4a5b6c7") || open311.Mentions(sr, "") {
				t.Error("another submission's ID is found in it")
			}
		})
	}
}

func TestNeverArrived(t *testing.T) {
	// A port nothing listens on: the connection is refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	answer := func(code int, ct, body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			w.WriteHeader(code)
			fmt.Fprint(w, body)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	tests := []struct {
		name  string
		url   string
		never bool
	}{
		{name: "connection refused", url: closed, never: true},
		{name: "a GeoReport refusal", url: answer(400, "application/json", `[{"code":400,"description":"mobile is required"}]`), never: true},
		{name: "a bad api_key", url: answer(403, "application/json", `[{"code":403,"description":"Invalid api_key"}]`), never: true},
		{name: "500", url: answer(500, "text/plain", "internal error")},
		{name: "a document cut short", url: answer(201, "application/json", `[{"service_request_id":"`)},
		{name: "a proxy's text/plain 400", url: answer(400, "text/plain", "Request blocked")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := open311.New(config.BackOffice{URL: tt.url, APIKey: "k"}, open311.WithTimeout(2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.PostRequest(context.Background(), open311.Request{ServiceCode: "S1", AddressString: "x"})
			if err == nil {
				t.Fatal("the POST succeeded")
			}
			if got := open311.NeverArrived(err); got != tt.never {
				t.Errorf("NeverArrived(%v) = %v, want %v", err, got, tt.never)
			}
		})
	}
	if open311.NeverArrived(nil) || open311.NeverArrived(errors.New("anything")) {
		t.Error("an unknown failure is taken as never arrived")
	}
}
