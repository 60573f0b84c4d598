package io.eventgateway.stream;

import io.eventgateway.config.GatewayConfig;
import io.eventgateway.config.GatewayConfig.RelayConfig;
import io.eventgateway.metrics.GatewayMetrics;
import io.eventgateway.outbox.CommittedRow;
import io.eventgateway.outbox.OutboxDatabase;
import io.eventgateway.stream.PublishWatch.Publication;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka, per shard, in outbox order. One instance per gateway; it holds leases on
 * a fair share of the shards ({@link LeaseKeeper}) and publishes only those, so several gateways can share
 * one outbox and no row is sent by two of them at once.
 *
 * <p>Rows are always read from the outbox (never taken from memory), by shard and in seq order, so a row
 * committed by another instance before a local one is never overtaken by it. What wakes the relay: this
 * instance's commits ({@link #submit}, after a 3 ms linger), every instance's commits ({@code LISTEN/NOTIFY}), and an
 * adaptive poll for whatever those missed. A send that fails with a retriable error holds its shard and
 * is retried with exponential backoff and jitter; one Kafka refuses for good goes to the dead-letter
 * topic and nothing waits behind it. A row is marked published, with its partition and offset, only
 * after Kafka acknowledged it.
 */
public final class KafkaRelay extends VerticleBase implements RelayHandoff {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);
  /** Connections beside the marks': a read, a sweep and a dead-letter mark. */
  private static final int RELAY_POOL_EXTRA = 3;
  private static final long MIN_POLL_MS = 50;
  /**
   * A read for local commits waits this long for more commits to join it: each read is a statement, and
   * under load the ingest loops commit hundreds of times a second.
   */
  private static final long LOCAL_READ_LINGER_MS = 3;
  /**
   * The sweep's query carries every held seq: at most one every half second, even while the poll runs at
   * its quickest. What it finds (late commits of other instances, replays) waits that long at most.
   */
  private static final long SWEEP_INTERVAL_NANOS = 500_000_000L;
  private static final int MAX_LOCAL_SEQS = 100_000;

  private final GatewayConfig config;
  private final RelayConfig relay;
  private final GatewayMetrics metrics;
  private final String instanceId;
  private final Map<Integer, ShardState> shards = new TreeMap<>();
  private final SendPermits permits;
  private final DeadLetters deadLetters;
  /** Requests waiting for their rows to reach Kafka (ack=published): told as soon as Kafka answered. */
  private final PublishWatch publishWatch;
  /**
   * Rows Kafka acknowledged whose published mark is not written yet. Kept apart from the shards: a shard
   * lost and taken again (after PostgreSQL was away) reads these rows again and must not resend them.
   */
  private final Set<Long> unmarked = new HashSet<>();
  /** Seq to shard of rows this instance committed and the relay has not read yet. */
  private final Map<Long, Integer> localSeqs = new LinkedHashMap<>();
  /**
   * Local commits as the ingest loops hand them off, before their clients hear back: the relay takes them
   * in before it queues any read's rows (see {@link #readNext}), however late its own loop runs the
   * hand-off's task. Bounded by {@link #MAX_LOCAL_SEQS}; a row left out stays in the outbox for the sweep.
   */
  private final ConcurrentLinkedQueue<CommittedRow> handedOff = new ConcurrentLinkedQueue<>();
  private final AtomicInteger handedOffCount = new AtomicInteger();
  private volatile Context relayContext;
  private Pool pool;
  private Pool leasePool;
  private RelayQueries queries;
  private KafkaSender sender;
  private RowMarker marker;
  private LeaseKeeper leases;
  private OutboxNotifications notifications;
  private boolean fetching;
  private boolean fetchAgain;
  /** The next read includes the sweep (see {@link #sweep()}). */
  private boolean sweepDue;
  private long lingerTimer = -1;
  private long pollTimer = -1;
  private long pollDelayMs = MIN_POLL_MS;
  private long lastSweepNanos = System.nanoTime() - SWEEP_INTERVAL_NANOS;
  private long lastFailureLog;
  /** Copies of the relay's state for the metrics, refreshed at every poll tick. */
  private volatile int shardsOwned;
  private volatile int rowsHeld;
  /** Per shard: rows read and not yet marked; written at the poll tick, read when scraped. */
  private final int[] heldPerShard;
  private long failedSends;

  public KafkaRelay(GatewayConfig config, GatewayMetrics metrics, PublishWatch publishWatch) {
    this.config = config;
    this.relay = config.relay();
    this.metrics = metrics;
    this.permits = new SendPermits(relay.maxInFlight());
    this.deadLetters = new DeadLetters(relay.deadLetterSuffix());
    this.publishWatch = publishWatch;
    this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.heldPerShard = new int[relay.shards()];
    metrics.bindRelay(() -> shardsOwned, () -> rowsHeld, relay.shards(), shard -> heldPerShard[shard]);
  }

  @Override
  public Future<?> start() {
    relayContext = context;
    pool = OutboxDatabase.pool(vertx, config.pg(), relay.marksInFlight() + RELAY_POOL_EXTRA, "relay");
    queries = new RelayQueries(pool, config.pg().queryTimeout());
    sender = new KafkaSender(context, new HashMap<>(producerConfig(config)), metrics);
    marker = new RowMarker(vertx, queries, relay.marksInFlight(), this::marked);
    // Leases on a connection of their own: a renewal must never queue behind bulk reads and marks.
    leasePool = OutboxDatabase.pool(vertx, config.pg(), 1, "relay-lease");
    leases = new LeaseKeeper(vertx, leasePool, instanceId, relay.shards(), relay.leaseTtl(), new LeaseListener());
    notifications = new OutboxNotifications(vertx, config.pg().uri(), pool, this::fetchAll);
    return notifications.start()
      .compose(v -> leases.start())
      .onSuccess(v -> schedulePoll());
  }

  @Override
  public Future<?> stop() {
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    shards.values().forEach(s -> s.stopping = true);
    // Sends still in flight get a moment; rows not acknowledged stay pending for whoever takes the shard.
    // The acknowledged ones are marked before the leases go, so the next owner does not send them again.
    return sender.close(Duration.ofSeconds(2))
      .eventually(() -> marker.drain().timeout(config.pg().queryTimeout().toMillis(), TimeUnit.MILLISECONDS))
      .eventually(() -> leases.releaseAll())
      .eventually(() -> notifications.close())
      .eventually(() -> Future.join(pool.close(), leasePool.close()));
  }

  /** Kafka producer settings: the gateway's required ones win over pass-through keys. */
  static Map<String, String> producerConfig(GatewayConfig config) {
    long sendTimeout = config.relay().sendTimeout().toMillis();
    Map<String, String> props = new HashMap<>();
    props.put("client.id", "event-gateway-relay");
    props.put("linger.ms", "5");
    props.put("batch.size", "65536");
    props.put("max.in.flight.requests.per.connection", "5");
    // Sends run on the sender thread, but a long metadata wait would still stall every send behind it.
    props.put("max.block.ms", "5000");
    props.putAll(config.kafka().producer());
    props.put("bootstrap.servers", config.kafka().bootstrapServers());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    long linger = Long.parseLong(props.get("linger.ms"));
    props.put("delivery.timeout.ms", Long.toString(sendTimeout));
    props.putIfAbsent("request.timeout.ms", Long.toString(Math.max(1000, Math.min(10_000, sendTimeout - linger - 1))));
    return props;
  }

  /** This instance committed rows: read them now (any thread). */
  @Override
  public void submit(List<CommittedRow> rows) {
    Context ctx = relayContext;
    if (ctx == null || rows.isEmpty()) {
      return;
    }
    if (handedOffCount.addAndGet(rows.size()) <= MAX_LOCAL_SEQS) {
      handedOff.addAll(rows);
    } else {
      handedOffCount.addAndGet(-rows.size());
    }
    ctx.runOnContext(v -> {
      takeHandedOff();
      if (lingerTimer < 0) {
        lingerTimer = vertx.setTimer(LOCAL_READ_LINGER_MS, id -> {
          lingerTimer = -1;
          fetch();
        });
      }
    });
  }

  /** Local commits handed off so far: their shards are due, and other instances' relays are woken. */
  private void takeHandedOff() {
    boolean forOthers = false;
    for (CommittedRow row; (row = handedOff.poll()) != null; ) {
      handedOffCount.decrementAndGet();
      ShardState shard = shards.get(row.shard());
      if (shard == null) {
        forOthers = true;
        continue;
      }
      shard.due = true;
      if (localSeqs.size() < MAX_LOCAL_SEQS) {
        localSeqs.put(row.seq(), row.shard());
      }
    }
    if (forOthers) {
      notifications.wakeOthers();
    }
  }

  // ---- reading the outbox -------------------------------------------------------------------------

  /** Rows may be anywhere in the outbox (a notification, a poll): the next read asks every shard. */
  private void fetchAll() {
    shards.values().forEach(s -> s.due = true);
    fetch();
  }

  /**
   * Reads the next rows of every shard that has room and may have rows waiting (due, or a full page last
   * time), with the local commits the cursors already passed, then, when due, the sweep; repeated while
   * needed. One read at a time, sweep included: a row returned by a read that overlapped another one's
   * whole cycle (read, sent, marked, let go) would be taken for pending and published twice.
   */
  private void fetch() {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    // held counts queued, in-flight and not-yet-marked rows: when marking lags, reading waits.
    List<ShardState> wanting = shards.values().stream()
      .filter(s -> !s.stopping && s.held.size() < relay.shardMaxInFlight() && s.wantsRead())
      .toList();
    boolean sweeping = sweepDue;
    if (wanting.isEmpty() && !sweeping) {
      return;
    }
    fetching = true;
    fetchAgain = false;
    sweepDue = false;
    // Cleared as the read goes out: a commit that lands during it makes its shard due again.
    wanting.forEach(s -> s.due = false);
    Future<Void> reads = wanting.isEmpty() ? readLateLocalCommits() : readNext(wanting);
    reads.compose(v -> sweeping ? sweep() : Future.succeededFuture())
      .onComplete(done -> {
        fetching = false;
        if (done.failed()) {
          LOG.debug("Reading the outbox failed: {}", done.cause().toString());
          wanting.forEach(s -> s.due = true);
          sweepDue |= sweeping;
        }
        pump();
        if (done.succeeded() && (fetchAgain || sweepDue || shards.values().stream().anyMatch(s -> s.wantsRead()
            && !s.stopping && s.held.size() < relay.shardMaxInFlight() / 2))) {
          fetch();
        }
      });
  }

  private Future<Void> readNext(List<ShardState> wanting) {
    int[] ids = wanting.stream().mapToInt(s -> s.shard).toArray();
    long[] cursors = wanting.stream().mapToLong(s -> s.cursor).toArray();
    int perShard = rowsPerShard(wanting.size());
    return queries.next(ids, cursors, perShard).compose(rows -> {
      // A local commit the cursors passed may have been acknowledged before these rows' events were sent
      // (its client waited for it): it was handed off before that acknowledgement, so it is known now, and
      // is read and queued first to keep its key's order.
      takeHandedOff();
      return readLateLocalCommits().map(v -> rows);
    }).map(rows -> {
      Map<Integer, Integer> readPerShard = new HashMap<>();
      for (PendingRow row : rows) {
        ShardState shard = shards.get(row.shard());
        if (shard != null) {
          shard.add(row, unmarked);
          readPerShard.merge(row.shard(), 1, Integer::sum);
        }
      }
      for (ShardState shard : wanting) {
        shard.moreInOutbox = readPerShard.getOrDefault(shard.shard, 0) >= perShard;
      }
      if (!rows.isEmpty()) {
        pollDelayMs = MIN_POLL_MS;
      }
      return null;
    });
  }

  /**
   * Local commits the cursor already passed (another loop's group commit landed first) are read by seq
   * at once, rather than waiting for the sweep.
   */
  private Future<Void> readLateLocalCommits() {
    List<Long> late = new ArrayList<>();
    localSeqs.entrySet().removeIf(e -> {
      ShardState shard = shards.get(e.getValue());
      if (shard == null || shard.held.contains(e.getKey())) {
        return true;
      }
      if (e.getKey() <= shard.cursor) {
        late.add(e.getKey());
        return true;
      }
      return false; // above the cursor: the next read takes it, in order
    });
    if (late.isEmpty()) {
      return Future.succeededFuture();
    }
    return queries.bySeq(late.toArray(new Long[0])).map(rows -> {
      rows.forEach(row -> {
        ShardState shard = shards.get(row.shard());
        if (shard != null) {
          shard.add(row, unmarked);
        }
      });
      return null;
    });
  }

  /**
   * Rows below a cursor the relay does not hold: commits of other instances that landed late, replays.
   * Runs inside {@link #fetch()}'s turn only.
   */
  private Future<Void> sweep() {
    List<ShardState> active = shards.values().stream().filter(s -> !s.stopping && s.cursor >= 0).toList();
    if (active.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Long> held = new ArrayList<>();
    active.forEach(s -> held.addAll(s.held));
    return queries.behind(active.stream().mapToInt(s -> s.shard).toArray(),
        active.stream().mapToLong(s -> s.cursor).toArray(), held.toArray(new Long[0]), rowsPerShard(active.size()))
      .map(rows -> {
        rows.forEach(row -> {
          ShardState shard = shards.get(row.shard());
          if (shard != null) {
            shard.add(row, unmarked);
          }
        });
        return null;
      });
  }

  /** One read's rows ({@code relay.fetch-rows}) split across the shards it asks for, at least 50 each. */
  private int rowsPerShard(int shardCount) {
    return Math.max(50, relay.fetchRows() / Math.max(1, shardCount));
  }

  /** The fallback for missed notifications: quick while rows turn up, slowing to the poll interval when idle. */
  private void schedulePoll() {
    pollTimer = vertx.setTimer(pollDelayMs, id -> {
      pollDelayMs = Math.min(relay.pollInterval().toMillis(), pollDelayMs * 2);
      shardsOwned = shards.size();
      rowsHeld = shards.values().stream().mapToInt(st -> st.held.size()).sum();
      for (int shard = 0; shard < heldPerShard.length; shard++) {
        ShardState state = shards.get(shard);
        heldPerShard[shard] = state == null ? 0 : state.held.size();
      }
      long now = System.nanoTime();
      if (now - lastSweepNanos >= SWEEP_INTERVAL_NANOS) {
        lastSweepNanos = now;
        sweepDue = true;
      }
      fetchAll();
      schedulePoll();
    });
  }

  // ---- sending --------------------------------------------------------------------------------------

  /** Sends what every shard may send now, as one batch to the sender thread. */
  private void pump() {
    if (!leases.valid()) {
      return;
    }
    List<ShardState.Attempt> batch = new ArrayList<>();
    List<ShardState> owners = new ArrayList<>();
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (ShardState shard : shards.values()) {
      while (!shard.stopping && !shard.holding() && !shard.queue.isEmpty()
          && shard.room(relay.shardMaxInFlight()) > 0 && permits.tryAcquire()) {
        ShardState.Attempt attempt = shard.queue.poll();
        shard.inFlight++;
        batch.add(attempt);
        owners.add(shard);
        records.add(CloudEventRecords.toRecord(attempt.row.topic(), attempt.row.partitionKey(),
          attempt.row.payload(), null));
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sends = sender.send(records);
    for (int i = 0; i < batch.size(); i++) {
      ShardState.Attempt attempt = batch.get(i);
      ShardState owner = owners.get(i);
      ProducerRecord<String, String> record = records.get(i);
      sends.get(i).onComplete(result -> sent(owner, attempt, record, result));
    }
  }

  private void sent(ShardState shard, ShardState.Attempt attempt, ProducerRecord<String, String> record,
                    AsyncResult<RecordMetadata> result) {
    permits.release();
    // The shard may have been lost (and even taken again, as a new state) while this send was out.
    boolean current = shards.get(shard.shard) == shard;
    if (current) {
      shard.inFlight--;
    }
    if (result.succeeded()) {
      RecordMetadata where = result.result();
      unmarked.add(attempt.row.seq());
      marker.published(attempt.row.seq(), where.partition(), where.offset());
      publishWatch.complete(attempt.row.seq(), Publication.published(attempt.row.topic(), where.partition(), where.offset()));
      metrics.relayPublished(System.currentTimeMillis() - attempt.row.createdAtMillis());
      if (current) {
        shard.consecutiveFailures = 0;
        shard.probing = false;
        if (shard.unknownOutcomeBudget > 0) {
          shard.unknownOutcomeBudget--;
          metrics.relayUnknownOutcome();
        }
      }
    } else if (current) {
      failed(shard, attempt, record, result.cause());
    }
    if (current && shard.holding()) {
      scheduleRetry(shard);
    }
    pump();

  }

  private void failed(ShardState shard, ShardState.Attempt attempt, ProducerRecord<String, String> record,
                      Throwable error) {
    String reason = SendErrors.describe(error);
    attempt.failed(reason);
    if (SendErrors.poison(error)) {
      deadLetter(shard, attempt, record);
      return;
    }
    metrics.relayRetry();
    logSendFailure(error);
    shard.failed.put(attempt.row.seq(), attempt);
    scheduleRetry(shard);
  }

  /** Once the shard's sends in flight are all back, waits the backoff, then resends from the oldest failure. */
  private void scheduleRetry(ShardState shard) {
    if (shard.inFlight > 0 || shard.retryTimer >= 0) {
      return;
    }
    long min = relay.retryBackoffMin().toMillis();
    long exponential = min << Math.min(20, shard.consecutiveFailures++);
    long capped = Math.min(relay.retryBackoffMax().toMillis(), exponential);
    long delay = Math.max(1, (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5)));
    shard.retryTimer = vertx.setTimer(delay, id -> {
      shard.retryTimer = -1;
      shard.requeueFailed();
      pump();
    });
  }

  /** Copies a row Kafka refused for good to the dead-letter topic, then marks it dead; its shard goes on. */
  private void deadLetter(ShardState shard, ShardState.Attempt attempt, ProducerRecord<String, String> original) {
    if (!permits.tryAcquire()) {
      shard.failed.put(attempt.row.seq(), attempt); // no permit now: retried like any failure
      scheduleRetry(shard);
      return;
    }
    ProducerRecord<String, String> copy = deadLetters.of(original, attempt.lastError, attempt.failures,
      attempt.firstFailure, attempt.lastFailure);
    shard.inFlight++;
    sender.send(List.of(copy)).get(0).onComplete(result -> {
      permits.release();
      shard.inFlight--;
      if (result.failed() && !SendErrors.poison(result.cause())) {
        logSendFailure(result.cause());
        shard.failed.put(attempt.row.seq(), attempt); // the dead-letter topic is away: try the whole thing again
        scheduleRetry(shard);
        return;
      }
      String error = result.succeeded() ? attempt.lastError
        : attempt.lastError + " (the dead-letter copy was refused too: " + SendErrors.describe(result.cause()) + ")";
      LOG.warn("Outbox row {} dead-lettered to {}: {}", attempt.row.seq(), copy.topic(), error);
      metrics.relayDeadLettered();
      queries.markDead(attempt.row.seq(), attempt.failures, error, attempt.firstFailure, attempt.lastFailure)
        .onSuccess(v -> publishWatch.complete(attempt.row.seq(), Publication.dead(attempt.row.topic(), error)))
        .onFailure(e -> LOG.warn("Marking row {} dead failed ({}); it will be read and dead-lettered again",
          attempt.row.seq(), e.toString()))
        // Held no longer either way: marked dead, or pending again for the next read.
        .onComplete(done -> shard.held.remove(attempt.row.seq()));
      pump();
    });
  }

  private void marked(List<Long> seqs) {
    boolean room = false;
    for (Long seq : seqs) {
      unmarked.remove(seq);
      for (ShardState shard : shards.values()) {
        if (shard.held.remove(seq)) {
          room |= shard.wantsRead() && shard.held.size() < relay.shardMaxInFlight() / 2;
          break;
        }
      }
    }
    if (room) {
      fetch();
    }
  }

  private void logSendFailure(Throwable cause) {
    failedSends++;
    long now = System.currentTimeMillis();
    if (now - lastFailureLog > 5000) {
      lastFailureLog = now;
      LOG.warn("Kafka send failed ({} so far); the rows stay in the outbox and are retried in order: {}",
        failedSends, cause.toString());
    }
  }

  /** Shards coming and going with their leases. */
  private final class LeaseListener implements LeaseKeeper.Listener {
    @Override
    public void acquired(int shard, boolean takeover) {
      ShardState state = new ShardState(shard);
      if (takeover) {
        state.unknownOutcomeBudget = relay.shardMaxInFlight();
      }
      shards.put(shard, state);
      fetch();
    }

    @Override
    public void lost(Set<Integer> lost) {
      boolean inFlight = false;
      for (Integer id : lost) {
        ShardState shard = shards.remove(id);
        if (shard != null) {
          inFlight |= shard.inFlight > 0;
          if (shard.retryTimer >= 0) {
            vertx.cancelTimer(shard.retryTimer);
          }
        }
      }
      if (inFlight) {
        // Another instance may take these shards over as soon as their leases expire: nothing of ours
        // may still be on its way to Kafka by then.
        LOG.warn("Aborting Kafka sends in flight: the leases of shard(s) {} can no longer be trusted", lost);
        sender.abort();
      }
    }

    @Override
    public void stopping(int shard) {
      ShardState state = shards.get(shard);
      if (state != null) {
        state.stopping = true;
      }
    }

    @Override
    public void resumed(int shard) {
      ShardState state = shards.get(shard);
      if (state != null) {
        state.stopping = false;
        state.due = true;
        fetch();
      }
    }

    @Override
    public boolean idle(int shard) {
      ShardState state = shards.get(shard);
      return state == null || state.idle();
    }
  }
}
