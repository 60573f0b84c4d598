package io.eventgateway.stream;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which Kafka send failures no retry can fix. Those rows are dead-lettered; everything else (timeouts,
 * a broker away, leadership moving, errors nobody foresaw) is retried, since dead-lettering by mistake
 * would take an event out of its order for good.
 */
final class SendErrors {
  private SendErrors() {
  }

  static boolean poison(Throwable error) {
    return error instanceof RecordTooLargeException
      || error instanceof RecordBatchTooLargeException
      || error instanceof InvalidTopicException
      || error instanceof InvalidRecordException
      || error instanceof AuthorizationException
      || error instanceof SerializationException;
  }

  /** A short description for the row and the dead-letter headers. */
  static String describe(Throwable error) {
    String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }
}
