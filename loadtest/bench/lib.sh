# Shared by the scripts in loadtest/bench (sourced, not run). Needs ROOT set to the repository root.

# The load-test module's classpath, or exit 2 when it has not been built.
loadtest_classpath() {
  local cp_file="$ROOT/loadtest/target/runtime.classpath"
  if [[ ! -f "$cp_file" ]]; then
    echo "missing $cp_file: build first (mvn -DskipTests package)" >&2
    exit 2
  fi
  echo "$ROOT/loadtest/target/classes:$(cat "$cp_file")"
}

# A process's role from its command line (gateway, loadgen, kafka, redis, postgres), or nothing.
role() {
  case "$1" in
    *io.eventgateway.loadtest.LoadMain*) echo loadgen ;;
    *kafka.Kafka*) echo kafka ;;
    *io.eventgateway.dev.*|*event-gateway.jar*) echo gateway ;;
    *redis-server*) echo redis ;;
    postgres*|*/bin/postgres*) echo postgres ;;
  esac
}
