#!/usr/bin/env bash
# Echo benchmark: the Webex sandbox in this JVM, the gateway in a child JVM, /echo over N messages and R rooms.
# usage: bench/echo-benchmark.sh [messages] [rooms]      (defaults 10000 100)
# knobs (environment): GATEWAY_JAVA_OPTS, BENCH_JAVA_OPTS (driver JVM), BENCH_WARMUP, BENCH_POSTERS,
#   BENCH_LATENCY_MESSAGES, BENCH_LATENCY_RATE, BENCH_TIMEOUT_S. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/webex-camel-gateway.jar
if [[ ! -f "$JAR" ]]; then
  echo "building $JAR ..." >&2
  mvn -B -q package -DskipTests -Dplayground.skip=true
fi
exec java ${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC} \
  -cp "$JAR" -Dloader.main=io.github.webexcamel.gateway.bench.EchoBenchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher "${1:-10000}" "${2:-100}"
