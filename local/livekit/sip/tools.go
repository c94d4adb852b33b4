//go:build tools

// Package tools pins LiveKit's SIP bridge (github.com/livekit/sip) as a build dependency of this module, so that
// install.sh can build its command with `go build` here. `go install github.com/livekit/sip/cmd/livekit-sip@v1.8.0`
// does not work: it asks the module proxy for the module's version list, which the proxy refuses (403), while it
// serves the exact version.
package tools

import _ "github.com/livekit/sip/cmd/livekit-sip"
