# Pishkhan — the two commands of the README are `make run` and `make test`.
# Both install what is missing on a Debian/Ubuntu machine (apt, as root or
# with sudo) before they build.

GO      ?= go
DATA    ?= ./var
BIN     := bin
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT     := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

# What building and running the appliance needs: a C compiler and the X11/GL
# headers for Fyne's cgo driver, and the UI font (DejaVu Sans covers Persian,
# Latin, digits and punctuation, regular and bold), and speech output
# (espeak-ng, with Persian and English voices, played by alsa-utils' aplay).
RUN_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev fonts-dejavu-core \
             espeak-ng alsa-utils
# What the tests add: a virtual display and tools to drive and capture it,
# a small window manager (openbox: Alt+F4 and wmctrl's close requests
# reach the full-screen kiosk), PDF and QR tools to read receipts, and a
# real CUPS with a PDF printer, curl to try the control socket as a
# technician does, Prometheus to evaluate the fleet dashboard's queries
# against two running kiosks, Chromium to open the report page (kioskctl
# report --html) and check its charts render, and sox to measure the
# speech espeak-ng writes.
TEST_PKGS := $(RUN_PKGS) xvfb xauth xdotool x11-utils imagemagick openbox wmctrl \
             poppler-utils zbar-tools cups cups-client cups-bsd printer-driver-cups-pdf curl \
             prometheus chromium sox

.PHONY: run test build deps-run deps-test cups screenshots bench bench-appliance lint clean

run: deps-run build
	mkdir -p $(DATA)
	MALLOC_ARENA_MAX=2 FYNE_CACHE=15s ./$(BIN)/kiosk -data $(DATA)

test: deps-test lint build cups
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -count=1 -race -timeout 20m ./kiosk/... ./offline/... ./printer/...

build:
	$(GO) build -o $(BIN)/kiosk ./cmd/kiosk
	$(GO) build -o $(BIN)/kioskctl ./cmd/kioskctl

# Install only the packages that are missing, so a second run is quick and
# needs no network.
deps-run:
	@.ci/apt-install $(RUN_PKGS)

deps-test:
	@.ci/apt-install $(TEST_PKGS)

# Start cupsd and add the cups-pdf queue the printing tests use.
cups: deps-test
	@.ci/cups-setup

# Walk the real kiosk under Xvfb (kiosk mode in both languages, TV mode)
# and save every screen under docs/screens; draw the report page of a
# sample of journeys in both languages (docs/report-en.png, -fa.png).
screenshots: deps-test
	SCREENSHOTS_DIR=$(CURDIR)/docs/screens $(GO) test -count=1 -timeout 30m -run 'UnderXvfb' ./cmd/kiosk
	REPORT_SCREENSHOTS_DIR=$(CURDIR)/docs $(GO) test -count=1 -run 'TestReportHTMLRendersInChromium' ./cmd/kioskctl

bench:
	$(GO) test -run '^$$' -bench . -benchtime 2s ./...

# The appliance beside a Chromium kiosk showing a page of the same nine
# services, and beside Fyne's hello-world window: launch to first content
# and memory, N launches each on a fresh Xvfb, then SESSIONS sessions
# walked through the real kiosk with keys, each key timed to its frame
# (docs/performance.md). Chromium comes with the test packages.
N        ?= 5
SESSIONS ?= 200
bench-appliance: deps-test build
	$(GO) build -o $(BIN)/fyne-hello ./cmd/bench-appliance/testdata/hello
	$(GO) run ./cmd/bench-appliance -n $(N) -sessions $(SESSIONS) -kiosk $(BIN)/kiosk -hello $(BIN)/fyne-hello

# staticcheck's ST1018 is off: Persian strings carry ZWNJ (U+200C) as part
# of their spelling (می‌شود), and an escape would make them unreadable.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint:
	@test -z "$$(gofmt -l cmd kiosk screens printer offline)" || { gofmt -l cmd kiosk screens printer offline; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) -checks 'inherit,-ST1018' ./...

clean:
	rm -rf $(BIN)
