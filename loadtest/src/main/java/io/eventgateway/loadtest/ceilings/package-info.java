/**
 * Component ceilings: what Kafka, PostgreSQL, Redis and a do-nothing HTTP server each manage alone on
 * this machine, driven the way the gateway drives them, with the machine's CPU per operation; and the
 * CPU floor per event that those add up to ({@link io.eventgateway.loadtest.ceilings.CpuFloor}). Gateway
 * figures are read against these, measured at the same time.
 *
 * <p>Entry point: {@link io.eventgateway.loadtest.ceilings.CeilingsMain} ({@code loadtest/bench/ceilings.sh}).
 */
package io.eventgateway.loadtest.ceilings;
