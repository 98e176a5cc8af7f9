#!/usr/bin/env bash
# Echo benchmark: the Webex sandbox in this JVM, the gateway in a child JVM, /echo over N messages and R rooms.
# usage: bench/echo-benchmark.sh [messages] [rooms]      (defaults 10000 100)
# knobs (environment): GATEWAY_JAVA_OPTS, BENCH_JAVA_OPTS (driver JVM), BENCH_WARMUP, BENCH_POSTERS,
#   BENCH_LATENCY_MESSAGES, BENCH_LATENCY_RATE, BENCH_LATENCY_WARMUP, BENCH_TIMEOUT_S. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/webex-camel-gateway.jar
DRIVER=target/test-classes/io/github/webexcamel/gateway/bench/EchoBenchmark.class
if [[ ! -f "$JAR" || ! -f "$DRIVER" ]]; then
  echo "building $JAR and the benchmark driver (test sources) ..." >&2
  mvn -B -q package -DskipTests -Dplayground.skip=true
fi
# the driver is test code, not in the jar: it runs on the test classpath (the sandbox comes from target/classes)
CLASSPATH_FILE=target/bench-classpath.txt
if [[ ! -f "$CLASSPATH_FILE" || pom.xml -nt "$CLASSPATH_FILE" ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE" >&2
fi
# The gateway's state store lives across runs, as a restarted gateway's does; a new build starts a new one.
if [[ -d target/bench-state && "$JAR" -nt target/bench-state ]]; then
  rm -rf target/bench-state
fi
# Class data sharing (BENCH_CDS=1, the default; 0 measures the plain jar): the jar extracted as Spring Boot
# recommends, and a CDS archive from a training run that exits once its Webex socket is connected (webex.cds-training).
if [[ "${BENCH_CDS:-1}" == 1 ]]; then
  CDS=target/cds
  if [[ ! -f "$CDS/app.jsa" || "$JAR" -nt "$CDS/app.jsa" ]]; then
    echo "preparing class data sharing in $CDS (extract + training run) ..." >&2
    rm -rf "$CDS"
    java -Djarmode=tools -jar "$JAR" extract --destination "$CDS/app" >/dev/null
    java -XX:ArchiveClassesAtExit="$CDS/app.jsa" -jar "$CDS/app/webex-camel-gateway.jar" \
      --webex.cds-training=true --webex.sandbox.dev-console=false \
      --server.port=0 --management.server.port=0 --webex.sandbox.port=0 \
      --webex.state.file="$CDS/training/gateway" --webex.state.checkpoint-file="$CDS/training/checkpoint" \
      > target/cds-training.log 2>&1 || echo "CDS training run failed; see target/cds-training.log" >&2
    rm -rf "$CDS/training"
  fi
  if [[ -f "$CDS/app.jsa" ]]; then
    export BENCH_JAR="$CDS/app/webex-camel-gateway.jar" BENCH_CDS_ARCHIVE="$CDS/app.jsa"
  fi
fi
# the driver+sandbox JVM on C1 too: C2 compiling in it took CPU from the gateway on a 2-core machine
exec java ${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseParallelGC -XX:TieredStopAtLevel=1} \
  -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
  io.github.webexcamel.gateway.bench.EchoBenchmark "${1:-10000}" "${2:-100}"
