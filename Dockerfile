# riskgate as a container image, for docker-compose.yml. Builds the shaded jar, then runs it on a JRE
# with the shipped rule pack; state lives in the /data volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY src src
RUN mvn -B -q -ntp package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/riskgate.jar riskgate.jar
COPY rules rules
ENV RISKGATE_PORT=8080 RISKGATE_HOST=0.0.0.0 RISKGATE_DATA_DIR=/data RISKGATE_RULES_DIR=/app/rules
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/riskgate.jar", "serve"]
