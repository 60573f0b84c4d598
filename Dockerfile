# Two stages: build the shaded jar with Maven, run it on a JRE. The embedded dev backends are not
# part of the jar, so they never reach the image.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/gateway/target/event-gateway.jar /app/event-gateway.jar
COPY conf/gateway.yaml /app/conf/gateway.yaml
USER 10001
EXPOSE 8080 9090
# Configure with GATEWAY_* environment variables (e.g. GATEWAY_PG_URI, GATEWAY_KAFKA_BOOTSTRAP_SERVERS).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/event-gateway.jar"]
CMD ["start"]
