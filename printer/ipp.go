package printer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/user"
	"strings"
)

// lpstat lists a finished job the same way whether it completed, was
// aborted by a failing backend or was cancelled ("Alerts:
// processing-to-stop-point" for the first two), so the outcome of a job is
// read from cupsd over IPP (RFC 8011 Get-Job-Attributes): job-state and
// job-state-reasons. This is the only IPP the package speaks; printing and
// printer status go through lp and lpstat.

// IPP job states (RFC 8011 5.3.7).
const (
	jobPending           = 3
	jobPendingHeld       = 4
	jobProcessing        = 5
	jobProcessingStopped = 6
	jobCanceled          = 7
	jobAborted           = 8
	jobCompleted         = 9
)

// jobState is what cupsd says of one job.
type jobState struct {
	state   int
	reasons []string
}

func (j jobState) finished() bool { return j.state >= jobCanceled }

func (j jobState) String() string {
	name := map[int]string{
		jobPending: "pending", jobPendingHeld: "held", jobProcessing: "processing",
		jobProcessingStopped: "stopped", jobCanceled: "canceled", jobAborted: "aborted",
		jobCompleted: "completed",
	}[j.state]
	if name == "" {
		name = fmt.Sprintf("state %d", j.state)
	}
	if len(j.reasons) > 0 {
		name += " (" + strings.Join(j.reasons, " ") + ")"
	}
	return name
}

// ippClient talks to the local cupsd: through its domain socket when there
// is one, else localhost:631, as the CUPS client commands do; CUPS_SERVER
// overrides both.
type ippClient struct {
	http *http.Client
	host string
	user string
}

func newIPPClient() *ippClient {
	server := os.Getenv("CUPS_SERVER")
	if server == "" {
		if _, err := os.Stat("/run/cups/cups.sock"); err == nil {
			server = "/run/cups/cups.sock"
		} else {
			server = "localhost:631"
		}
	}
	c := &ippClient{http: &http.Client{}, host: server}
	if strings.HasPrefix(server, "/") {
		sock := server
		c.host = "localhost"
		c.http.Transport = &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}}
	} else if !strings.Contains(server, ":") {
		c.host = server + ":631"
	}
	c.user = "root"
	if u, err := user.Current(); err == nil {
		c.user = u.Username
	}
	return c
}

// jobState asks cupsd for the state of job number id.
func (c *ippClient) jobState(ctx context.Context, id int) (jobState, error) {
	req := ippRequest(0x0009, []ippAttr{ // Get-Job-Attributes
		{0x47, "attributes-charset", []string{"utf-8"}},
		{0x48, "attributes-natural-language", []string{"en"}},
		{0x45, "job-uri", []string{fmt.Sprintf("ipp://localhost/jobs/%d", id)}},
		{0x42, "requesting-user-name", []string{c.user}},
		{0x44, "requested-attributes", []string{"job-state", "job-state-reasons"}},
	})
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+c.host+"/jobs/", bytes.NewReader(req))
	if err != nil {
		return jobState{}, fmt.Errorf("ipp get job %d: %w", id, err)
	}
	hreq.Header.Set("Content-Type", "application/ipp")
	resp, err := c.http.Do(hreq)
	if err != nil {
		return jobState{}, fmt.Errorf("ipp get job %d: %w", id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return jobState{}, fmt.Errorf("ipp get job %d: %w", id, err)
	}
	if resp.StatusCode != http.StatusOK {
		return jobState{}, fmt.Errorf("ipp get job %d: HTTP %s", id, resp.Status)
	}
	status, attrs, err := parseIPPResponse(body)
	if err != nil {
		return jobState{}, fmt.Errorf("ipp get job %d: %w", id, err)
	}
	if status == 0x0406 { // client-error-not-found
		return jobState{}, fmt.Errorf("ipp get job %d: %w", id, errJobNotFound)
	}
	if status >= 0x0100 {
		return jobState{}, fmt.Errorf("ipp get job %d: status 0x%04x", id, status)
	}
	var js jobState
	if v := attrs["job-state"]; len(v) == 1 && len(v[0]) == 4 {
		js.state = int(binary.BigEndian.Uint32(v[0]))
	} else {
		return jobState{}, fmt.Errorf("ipp get job %d: no job-state", id)
	}
	for _, r := range attrs["job-state-reasons"] {
		js.reasons = append(js.reasons, string(r))
	}
	return js, nil
}

type ippAttr struct {
	tag    byte
	name   string
	values []string
}

// ippRequest encodes an IPP/2.0 request with one operation-attributes
// group.
func ippRequest(op uint16, attrs []ippAttr) []byte {
	var b bytes.Buffer
	b.Write([]byte{2, 0})
	binary.Write(&b, binary.BigEndian, op)
	binary.Write(&b, binary.BigEndian, uint32(1)) // request-id
	b.WriteByte(0x01)                             // operation-attributes-tag
	for _, a := range attrs {
		for i, v := range a.values {
			b.WriteByte(a.tag)
			name := a.name
			if i > 0 {
				name = "" // additional value of the same attribute
			}
			binary.Write(&b, binary.BigEndian, uint16(len(name)))
			b.WriteString(name)
			binary.Write(&b, binary.BigEndian, uint16(len(v)))
			b.WriteString(v)
		}
	}
	b.WriteByte(0x03) // end-of-attributes-tag
	return b.Bytes()
}

var errIPPShort = errors.New("truncated IPP response")

// errJobNotFound is cupsd's answer for a job it no longer knows: one that
// finished on a server keeping no job history (PreserveJobHistory No).
var errJobNotFound = errors.New("job not found")

// parseIPPResponse returns the status code and the raw values of every
// attribute, by name, of an IPP response.
func parseIPPResponse(b []byte) (status uint16, attrs map[string][][]byte, err error) {
	if len(b) < 9 {
		return 0, nil, errIPPShort
	}
	status = binary.BigEndian.Uint16(b[2:4])
	attrs = map[string][][]byte{}
	i := 8
	last := ""
	for i < len(b) {
		tag := b[i]
		i++
		if tag == 0x03 {
			return status, attrs, nil
		}
		if tag < 0x10 { // group delimiter
			continue
		}
		if i+2 > len(b) {
			return 0, nil, errIPPShort
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		i += 2
		if i+n+2 > len(b) {
			return 0, nil, errIPPShort
		}
		name := string(b[i : i+n])
		i += n
		vn := int(binary.BigEndian.Uint16(b[i:]))
		i += 2
		if i+vn > len(b) {
			return 0, nil, errIPPShort
		}
		if name == "" {
			name = last
		}
		last = name
		attrs[name] = append(attrs[name], b[i:i+vn])
		i += vn
	}
	return 0, nil, errIPPShort
}
