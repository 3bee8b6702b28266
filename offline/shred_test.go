package offline_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pishkhan/pishkhan/kiosk"
	"github.com/pishkhan/pishkhan/offline"
)

// validNationalCode returns the i-th of a run of valid national codes.
func validNationalCode(i int) string {
	d := fmt.Sprintf("%09d", 123456000+i*7919)
	sum := 0
	for j := range 9 {
		sum += int(d[j]-'0') * (10 - j)
	}
	c := sum % 11
	if c >= 2 {
		c = 11 - c
	}
	return d + fmt.Sprint(c)
}

// citizens are nine answer sets an outside tester would look for.
func citizens() []map[string]string {
	names := []string{"Maryam Rezaei", "Ali Karimi", "Zahra Hosseini", "Reza Ahmadi", "Fatemeh Moradi",
		"Hossein Jafari", "Sara Mohammadi", "Mehdi Rahimi", "Narges Kazemi"}
	out := make([]map[string]string, len(names))
	for i, n := range names {
		out[i] = map[string]string{"national_code": validNationalCode(i), "mobile": fmt.Sprintf("0912555%04d", 1000+i), "note": n}
	}
	return out
}

// deviceKeys returns an AEAD for every key the data directory dir holds,
// as an outside tester would build them: the v1 key derived from
// device.key (or key, when the test gave one) and every file in keys/.
func deviceKeys(t testing.TB, dir string, key []byte) (v1 cipher.AEAD, answerKeys []cipher.AEAD) {
	t.Helper()
	aead := func(k []byte) cipher.AEAD {
		block, err := aes.NewCipher(k)
		if err != nil {
			t.Fatal(err)
		}
		g, err := cipher.NewGCM(block)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	if key == nil {
		var err error
		if key, err = offline.LoadKey(dir); err != nil {
			t.Fatal(err)
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("pishkhan outbox v1"))
	v1 = aead(m.Sum(nil))
	files, _ := filepath.Glob(filepath.Join(dir, offline.KeysDir, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if k, err := offline.ParseKey(data); err == nil {
			answerKeys = append(answerKeys, aead(k))
		}
	}
	return v1, answerKeys
}

// openable counts the places in data where sealed bytes open under a key
// of the device. Records are JSON, so sealed bytes are base64: every run
// of base64 characters is decoded from each of its offsets, and every
// decoded offset that starts like sealed data is tried with every key and
// each submission's associated data (its ID, and ID/notes).
func openable(data []byte, v1 cipher.AEAD, keys []cipher.AEAD, ids []string) int {
	var ads [][]byte
	for _, id := range ids {
		ads = append(ads, []byte(id), []byte(id+"/notes"))
	}
	isB64 := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
	}
	try := func(b []byte) bool {
		switch {
		case len(b) > 1+12+16 && b[0] == 1:
			for _, ad := range ads {
				if _, err := v1.Open(nil, b[1:13], b[13:], ad); err == nil {
					return true
				}
			}
		case len(b) > 5+12+16 && b[0] == 2:
			for _, k := range keys {
				for _, ad := range ads {
					if _, err := k.Open(nil, b[5:17], b[17:], ad); err == nil {
						return true
					}
				}
			}
		}
		return false
	}
	found := 0
	for i := 0; i < len(data); {
		if !isB64(data[i]) {
			i++
			continue
		}
		j := i
		for j < len(data) && isB64(data[j]) {
			j++
		}
		run := data[i:j]
		i = j
		if len(run) < 40 {
			continue
		}
		for s := 0; s+40 <= len(run); s++ {
			seg := run[s:]
			if len(seg)%4 == 1 {
				seg = seg[:len(seg)-1]
			}
			b, err := base64.RawStdEncoding.DecodeString(string(seg))
			if err != nil {
				continue
			}
			if try(b) {
				found++
			}
		}
	}
	return found
}

func TestPurgedAnswersCannotBeReadBack(t *testing.T) {
	tests := []struct {
		name      string
		retention time.Duration
	}{
		{"purged after the retention window", time.Hour},
		{"purged at acknowledgement", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, clock := t.TempDir(), newClock()
			bo := newBackOffice(t)
			// No Key: the device key is device.key, as on a kiosk.
			o := openOutbox(t, dir, clock, offline.Options{Retention: tt.retention})
			sub := newSubmitter(t, clock, 0)
			var ids []string
			people := citizens()
			for _, answers := range people {
				s := sub.next(answers)
				enqueue(t, o, s)
				ids = append(ids, s.ID)
			}
			s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
			rep, err := s.Once(context.Background())
			if err != nil || rep.Sent != len(people) {
				t.Fatalf("pass: %+v, %v", rep, err)
			}
			db := filepath.Join(dir, offline.DBFile)
			if tt.retention > 0 {
				// The scan finds held answers: it would find purged ones.
				data, _ := os.ReadFile(db)
				v1, keys := deviceKeys(t, dir, nil)
				if n := openable(data, v1, keys, ids); n < len(people) {
					t.Fatalf("before the purge the scan opened %d sealed copies, want at least %d: it cannot see", n, len(people))
				}
				clock.Add(2 * tt.retention)
				if n, err := o.Purge(); err != nil || n != len(people) {
					t.Fatalf("purge = %d, %v", n, err)
				}
			}
			for _, e := range entries(t, o, offline.ListOptions{}) {
				if e.PersonalData || e.PurgedAt.IsZero() {
					t.Fatalf("%s not purged: %+v", e.TrackingCode, e)
				}
			}
			checkOutbox(t, o)

			data, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			v1, keys := deviceKeys(t, dir, nil)
			if n := openable(data, v1, keys, ids); n > 0 {
				t.Errorf("after the purge, keys on the device open %d sealed copies in %s", n, offline.DBFile)
			}
			for _, answers := range people {
				for _, v := range answers {
					if files := grepDir(t, dir, v); len(files) > 0 {
						t.Errorf("%q in plain text in %v", v, files)
					}
				}
			}
		})
	}
}

func TestRotationKeepsHeldAnswers(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	bo := newBackOffice(t)
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey, Retention: time.Hour})
	sub := newSubmitter(t, clock, 0)
	people := citizens()
	held := map[kiosk.TrackingCode]map[string]string{}
	for _, answers := range people[:5] {
		s := sub.next(answers)
		enqueue(t, o, s)
		held[s.TrackingCode] = answers
	}
	s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	if rep, err := s.Once(context.Background()); err != nil || rep.Sent != 5 {
		t.Fatalf("pass: %+v, %v", rep, err)
	}
	queued := map[string]string{} // submission ID → national code
	for _, answers := range people[5:] {
		s := sub.next(answers)
		enqueue(t, o, s)
		held[s.TrackingCode] = answers
		queued[s.ID] = answers["national_code"]
	}
	for round := range 2 {
		rep, err := o.RotateKeys()
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Rotated || rep.Resealed != len(held) || rep.Destroyed != 1 || rep.Unreadable != 0 {
			t.Errorf("rotation %d: %+v, want %d re-sealed and 1 key destroyed", round, rep, len(held))
		}
		if files, _ := os.ReadDir(filepath.Join(dir, offline.KeysDir)); len(files) != 1 {
			t.Errorf("rotation %d left %d key files", round, len(files))
		}
	}
	// Nothing purged since: Shred has nothing to do.
	if rep, err := o.Shred(); err != nil || rep.Rotated {
		t.Errorf("Shred with nothing purged = %+v, %v", rep, err)
	}
	for code, want := range held {
		got, err := o.Answers(code)
		if err != nil || got["national_code"] != want["national_code"] || got["note"] != want["note"] {
			t.Errorf("answers of %s after rotations = %v, %v", code, got, err)
		}
	}
	checkOutbox(t, o)
	before := len(bo.seen())
	if rep, err := s.Once(context.Background()); err != nil || rep.Sent != len(queued) {
		t.Fatalf("pass after rotations: %+v, %v", rep, err)
	}
	for _, p := range bo.seen()[before:] {
		if got := p.form["attribute[national_code]"]; len(got) != 1 || got[0] != queued[p.key] {
			t.Errorf("submission %s sent national code %v, want %s", p.key, got, queued[p.key])
		}
	}
}

// TestRotationBesideEnqueuesAndSync rotates the answer keys over and over
// while citizens enqueue and the sync worker sends and purges: nothing
// turns into a dead letter and every POST carries its own answers.
func TestRotationBesideEnqueuesAndSync(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	bo := newBackOffice(t)
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey, Retention: time.Minute, ShredEvery: -1})
	sub := newSubmitter(t, clock, 0)
	const n = 150
	subs := make([]kiosk.Submission, n)
	want := map[string]string{}
	for i := range subs {
		subs[i] = sub.next(map[string]string{"national_code": validNationalCode(i), "mobile": "09120000000"})
		want[subs[i].ID] = validNationalCode(i)
	}
	s := offline.NewSyncer(o, bo.client(t, 5*time.Second), syncConfig(clock))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 3)
	wg.Add(3)
	go func() {
		defer wg.Done()
		defer close(stop)
		for _, su := range subs {
			if err := o.Enqueue(context.Background(), su); err != nil {
				errs <- err
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Once(context.Background()); err != nil {
				errs <- fmt.Errorf("sync pass: %w", err)
				return
			}
			clock.Add(2 * time.Minute) // purges what was sent
		}
	}()
	rotations := 0
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := o.RotateKeys(); err != nil {
				errs <- fmt.Errorf("rotate: %w", err)
				return
			}
			rotations++
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, err := s.SyncNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rotations beside %d enqueues", rotations, n)
	c, _ := o.Counts()
	if c[offline.StateSent] != n {
		t.Fatalf("counts %v, want all %d sent", c, n)
	}
	for _, p := range bo.seen() {
		if got := p.form["attribute[national_code]"]; len(got) != 1 || got[0] != want[p.key] {
			t.Errorf("submission %s sent national code %v, want %s", p.key, got, want[p.key])
		}
	}
	checkOutbox(t, o)
	bo.check()
}

func TestV1OutboxMovesToAnswerKeys(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	bo := newBackOffice(t)
	opts := offline.Options{Key: testKey, Retention: time.Hour, Clock: clock}
	o, err := offline.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	sub := newSubmitter(t, clock, 0)
	people := citizens()
	var ids []string
	codes := map[kiosk.TrackingCode]map[string]string{}
	for _, answers := range people {
		s := sub.next(answers)
		if err := o.Enqueue(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
		codes[s.TrackingCode] = answers
	}
	// An outbox as the code before answer keys left it: v1 sealing, no
	// sealed index, no keys folder, format 1.
	if err := o.DowngradeToV1(); err != nil {
		t.Fatal(err)
	}
	o.Close()
	data, _ := os.ReadFile(filepath.Join(dir, offline.DBFile))
	v1, _ := deviceKeys(t, dir, testKey)
	if n := openable(data, v1, nil, ids); n < len(people) {
		t.Fatalf("the v1 outbox opens %d sealed copies, want at least %d", n, len(people))
	}

	ro, err := offline.Open(dir, offline.Options{Key: testKey, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range codes {
		if got, err := ro.Answers(code); err != nil || got["note"] != want["note"] {
			t.Errorf("read-only answers of v1 %s = %v, %v", code, got, err)
		}
	}
	ro.Close()
	if _, err := os.Stat(filepath.Join(dir, offline.KeysDir)); err == nil {
		t.Error("a read-only open made a keys folder")
	}

	// A compaction a crash cut short left its file.
	stale := filepath.Join(dir, ".outbox.db.compact")
	if err := os.WriteFile(stale, []byte("half a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	o = openOutbox(t, dir, clock, opts)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale compaction file still there: %v", err)
	}
	checkOutbox(t, o)
	for code, want := range codes {
		if got, err := o.Answers(code); err != nil || got["note"] != want["note"] {
			t.Errorf("answers of %s after the move = %v, %v", code, got, err)
		}
	}
	data, _ = os.ReadFile(filepath.Join(dir, offline.DBFile))
	if n := openable(data, v1, nil, ids); n > 0 {
		t.Errorf("after the move the device key still opens %d v1 copies", n)
	}
	s := offline.NewSyncer(o, bo.client(t, time.Second), syncConfig(clock))
	if rep, err := s.Once(context.Background()); err != nil || rep.Sent != len(people) {
		t.Fatalf("pass after the move: %+v, %v", rep, err)
	}
	for _, p := range bo.seen() {
		if strings.Join(p.form["attribute[national_code]"], "") == "" {
			t.Errorf("submission %s sent without its national code", p.key)
		}
	}
	checkOutbox(t, o)
}

func TestCheckReportsAnswersUnderALostKey(t *testing.T) {
	dir, clock := t.TempDir(), newClock()
	o := openOutbox(t, dir, clock, offline.Options{Key: testKey})
	enqueue(t, o, newSubmitter(t, clock, 0).next(nil))
	o.Close()
	files, _ := filepath.Glob(filepath.Join(dir, offline.KeysDir, "*.key"))
	for _, f := range files {
		os.Remove(f)
	}
	ro, err := offline.Open(dir, offline.Options{Key: testKey, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	err = ro.Check()
	if err == nil || !strings.Contains(err.Error(), "personal data lost") {
		t.Errorf("Check with the answer key gone = %v, want personal data lost", err)
	}
}

// BenchmarkRotation measures a rotation that re-seals every held record.
func BenchmarkRotation(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("held=%d", n), func(b *testing.B) {
			dir, clock := b.TempDir(), newClock()
			o := openOutbox(b, dir, clock, offline.Options{Key: testKey})
			sub := newSubmitter(b, clock, 0)
			subs := make([]kiosk.Submission, n)
			for i := range subs {
				subs[i] = sub.next(nil)
			}
			if err := o.EnqueueMany(subs); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				rep, err := o.RotateKeys()
				if err != nil || rep.Resealed != n {
					b.Fatalf("%+v, %v", rep, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/rotation")
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
