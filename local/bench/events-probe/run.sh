#!/usr/bin/env bash
# Cold-start cost of reading the HTTP API's event as aws-lambda-java-events' APIGatewayV2HTTPEvent (Jackson
# databind) instead of as the functions read it (a jackson-core tree into HttpRequest), in fresh JVMs with
# Lambda's flags, paired runs (farm-bench). Needs `mvn install` of the project first, and Maven Central once (the
# events library is not a dependency of the functions). Not part of the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mvn -B -ntp -q package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
event=../../../events/LookupFunction/$(ls ../../../events/LookupFunction | head -1)
cp="target/evprobe-1.jar:$(cat target/cp.txt)"
flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
# shellcheck disable=SC2086
farm-bench -n "${RUNS:-15}" --warmup 2 --timeout 300 --vs "java $flags -cp $cp com.arkenos.probe.TreeEvent $event" \
  -- java $flags -cp "$cp" com.arkenos.probe.TypedEvent "$event"
