# Build: Maven for the gateway, Node.js/npm for the playground page.
FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY playground/package.json playground/package-lock.json playground/
COPY playground playground
COPY src src
RUN mvn -B -q package -DskipTests

# Run: a JRE, a non-root user, the jar with its routes and properties beside it.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app gateway
WORKDIR /app
COPY --from=build /src/target/webex-camel-gateway.jar /tmp/webex-camel-gateway.jar
COPY application.properties application.properties
COPY routes routes
# Class data sharing (about half the start-up time, BENCHMARKS.md): the jar extracted as Spring Boot
# recommends, then a training run on the embedded sandbox that exits once its Webex socket is connected
# (webex.cds-training: the archive then holds the routes' and the socket's classes too), without the sandbox's
# developer console, which a gateway with a token does not have.
RUN java -Djarmode=tools -jar /tmp/webex-camel-gateway.jar extract --destination /app/lib-app \
 && rm /tmp/webex-camel-gateway.jar \
 && java -XX:ArchiveClassesAtExit=/app/app.jsa -jar /app/lib-app/webex-camel-gateway.jar \
      --webex.cds-training=true --webex.sandbox.dev-console=false \
      --server.port=0 --management.server.port=0 --webex.sandbox.port=0 \
      --webex.state.file=/tmp/cds-training/gateway --webex.state.checkpoint-file=/tmp/cds-training/checkpoint \
 && rm -rf /tmp/cds-training \
 && chown -R gateway /app
USER gateway
EXPOSE 8080 7070
# C1 only, a small heap, and free ratios that stop a burst from growing the heap to its maximum: measured in
# BENCHMARKS.md (more replies/s on 2 cores, less RSS)
ENV MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-Xms80m -Xmx112m -Xss512k -XX:+UseSerialGC -XX:MetaspaceSize=64m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:SurvivorRatio=4 -XX:+ExitOnOutOfMemoryError"
# liveness, on the management port (loopback inside the container): a Webex outage makes the gateway not ready,
# never unhealthy, since a restart cannot fix it
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD sh -c 'curl -fsS "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-8081}/actuator/health/liveness"' || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:SharedArchiveFile=/app/app.jsa -jar /app/lib-app/webex-camel-gateway.jar"]
