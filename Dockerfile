# riskgate as a container image, for docker-compose.yml. Builds the shaded jar, then runs it on a JRE
# with the shipped rule pack and scenario files; state lives in the /data volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY src src
RUN mvn -B -q -ntp package -DskipTests

FROM eclipse-temurin:17-jre
# The service runs as its own unprivileged user (numeric, so runAsNonRoot can verify it). The jar, the
# rules and the scenario files belong to root and are read-only to that user: rules run as code in the
# service, so the service must not be able to rewrite them, and it refuses a rules directory that
# anyone but its owner can write. Only /data is the service's own.
RUN groupadd --system --gid 10001 riskgate \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin riskgate \
 && mkdir /data && chown 10001:10001 /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /src/target/riskgate.jar riskgate.jar
COPY rules rules
COPY test-cases test-cases
# whatever the build machine's umask gave the copied files
RUN chown -R root:root /app && chmod -R u=rwX,go=rX /app
ENV RISKGATE_PORT=8080 RISKGATE_HOST=0.0.0.0 RISKGATE_DATA_DIR=/data RISKGATE_RULES_DIR=/app/rules \
    RISKGATE_CASES_DIR=/app/test-cases
USER 10001:10001
VOLUME /data
EXPOSE 8080
# The collector chosen by bench/collectors.sh (docs/benchmarks.md): the JVM alone picks the serial one in a
# container with one CPU or under 1792 MiB, and its pauses passed the scoring deadline.
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5", "-XX:MaxTenuringThreshold=1", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/riskgate.jar", "serve"]
