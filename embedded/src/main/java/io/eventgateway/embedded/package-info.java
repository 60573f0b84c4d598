/**
 * Real Kafka, PostgreSQL and Redis servers as child processes, for dev mode and integration tests.
 *
 * <p>Entry point: {@link io.eventgateway.embedded.EmbeddedStack#start(java.nio.file.Path)}. Each
 * backend is an {@link io.eventgateway.embedded.EmbeddedBackend} that tests can stop, kill and
 * restart on the same port and data. This module is test and dev infrastructure only; it must never
 * be a dependency of the production jar.
 */
package io.eventgateway.embedded;
