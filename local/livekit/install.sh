#!/usr/bin/env bash
# Installs the real LiveKit server (and Redis, which its SIP API needs) for the differential tests and for
# `./stack start --livekit real`, and LiveKit's SIP bridge (livekit-sip) with sipp, for real SIP calls.
# Idempotent: a pinned binary already in place is kept, so the Go build is paid once per clone (a fresh clone
# rebuilds, but from Go's module and build caches on the machine: about 6 s for the server, 10 s for the bridge).
# Nothing is downloaded but Debian's packages (APT_PACKAGES below) and Go modules (through the Go module proxy).
#
#   local/livekit/install.sh            install what is missing
#   local/livekit/install.sh --check    exit 0 when both are installed, 1 otherwise (no install)
#
# Without Go (or when the build fails) it says so and exits 0: the tests that need the server skip themselves.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Newest tag that `go install` can build here: v1.13.6 to v1.13.11 replace pion modules with LiveKit forks, which
# `go install pkg@version` refuses and the module proxy does not serve either (see local/livekit/README.md).
LIVEKIT_VERSION="v1.13.5"
# LiveKit's SIP bridge, pinned in local/livekit/sip/go.mod (v1.8.0, July 2026, the release before the server's).
SIP_VERSION="v1.8.0"
BIN_DIR="$ROOT/.local/tools/bin"
BIN="$BIN_DIR/livekit-server-$LIVEKIT_VERSION"
SIP_BIN="$BIN_DIR/livekit-sip-$SIP_VERSION"
# Debian packages: Redis for LiveKit's SIP API; sipp (package sip-tester) to play Twilio's side of SIP; the media
# libraries livekit-sip links with cgo (opus, opusfile, soxr) and pkg-config to find them.
APT_PACKAGES=(redis-server sip-tester libopus-dev libopusfile-dev libsoxr-dev pkg-config)

check() { command -v redis-server >/dev/null 2>&1 && [ -x "$BIN" ]; }
if [ "${1:-}" = "--check" ]; then check; exit; fi

missing_packages=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_packages+=("$pkg")
done
if [ "${#missing_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "livekit/install: installing ${missing_packages[*]} from Debian" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null; }; then
      echo "livekit/install: apt-get could not install ${missing_packages[*]}: the tests that need them will skip" >&2
    fi
  else
    echo "livekit/install: ${missing_packages[*]} missing and apt-get not usable as this user: the tests that need them will skip" >&2
  fi
fi

if [ -x "$BIN" ]; then
  echo "livekit/install: livekit-server $LIVEKIT_VERSION already installed" >&2
elif ! command -v go >/dev/null 2>&1; then
  echo "livekit/install: go not found: livekit-server not built, real-LiveKit tests will skip" >&2
else
  mkdir -p "$BIN_DIR"
  # go install names the binary after its package directory (cmd/server); build into a private GOBIN and move it
  # under a versioned name, so a bumped pin rebuilds and a half-written binary is never taken for a finished one.
  tmp="$(mktemp -d "$BIN_DIR/.build.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "livekit/install: building livekit-server $LIVEKIT_VERSION with $(go version | cut -d' ' -f3) (several minutes)" >&2
  start=$(date +%s)
  if GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"; then
    mv "$tmp/server" "$BIN"
    echo "livekit/install: built in $(( $(date +%s) - start )) s" >&2
  else
    echo "livekit/install: go install of livekit-server $LIVEKIT_VERSION failed: real-LiveKit tests will skip" >&2
  fi
fi
[ -x "$BIN" ] && ln -sfn "$(basename "$BIN")" "$BIN_DIR/livekit-server"

# The SIP bridge: built inside local/livekit/sip (see tools.go there for why not `go install`). Its failure is
# reported and never fails the run, like the server's.
if [ -x "$SIP_BIN" ]; then
  echo "livekit/install: livekit-sip $SIP_VERSION already installed" >&2
elif command -v go >/dev/null 2>&1; then
  mkdir -p "$BIN_DIR"
  sip_tmp="$(mktemp "$BIN_DIR/.livekit-sip.XXXXXX")"
  echo "livekit/install: building livekit-sip $SIP_VERSION (cgo: opus, soxr)" >&2
  start=$(date +%s)
  if (cd "$ROOT/local/livekit/sip" && GOFLAGS=-buildvcs=false go build -o "$sip_tmp" github.com/livekit/sip/cmd/livekit-sip); then
    mv "$sip_tmp" "$SIP_BIN"
    echo "livekit/install: livekit-sip built in $(( $(date +%s) - start )) s" >&2
  else
    rm -f "$sip_tmp"
    echo "livekit/install: build of livekit-sip $SIP_VERSION failed: the SIP bridge is not installed" >&2
  fi
fi
[ -x "$SIP_BIN" ] && ln -sfn "$(basename "$SIP_BIN")" "$BIN_DIR/livekit-sip"
check || true
