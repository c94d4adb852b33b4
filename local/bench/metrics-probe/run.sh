#!/usr/bin/env bash
# Cold-start cost of writing one metric through Powertools for AWS Lambda (Java) 2.9.0's metrics module instead of
# as the functions write it (core/log/Metric: an EMF line from the existing logger), in fresh JVMs with Lambda's
# flags, paired runs (farm-bench). Needs `mvn install` of the project first, and Maven Central once (Powertools is
# not a dependency of the functions). Not part of the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mvn -B -ntp -q package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="target/metricsprobe-1.jar:$(cat target/cp.txt)"
# As in Lambda: the EMF library Powertools uses then writes to standard output instead of looking for an agent.
export AWS_LAMBDA_FUNCTION_NAME=metrics-probe AWS_EMF_ENVIRONMENT=Lambda
flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
for main in OwnMetric PowertoolsMetric; do
  # shellcheck disable=SC2086
  echo "$main loads $(java $flags -Xlog:class+load=info -cp "$cp" com.arkenos.probe.$main | grep -c 'source:') classes"
done
# shellcheck disable=SC2086
farm-bench -n "${RUNS:-15}" --warmup 2 --timeout 300 --vs "java $flags -cp $cp com.arkenos.probe.OwnMetric" \
  -- java $flags -cp "$cp" com.arkenos.probe.PowertoolsMetric
