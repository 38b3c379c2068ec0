package com.genpicz.common.kafka;

import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.failures.EventFailure;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.generations.FailureCode;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** The Kafka adapter's half of failure classification: what a failed send means for the event being handled. */
final class KafkaFailures {

    private KafkaFailures() {
    }

    /** {@code cause} is what the producer reported (the send future's cause, or what {@code send} threw). */
    static EventFailure ofSend(String what, Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return new PoisonEventException(FailureCode.IMAGE_TOO_LARGE, what + ": the record is too large", cause);
        }
        if (cause instanceof SerializationException || cause instanceof InvalidTopicException) {
            return new PoisonEventException(FailureCode.INTERNAL_ERROR, what + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof AuthorizationException || cause instanceof AuthenticationException
                || cause instanceof UnsupportedVersionException) {
            return new FatalEventException(what + ": the broker refuses this service (" + cause + ")", cause);
        }
        if (cause instanceof InterruptException || cause instanceof InterruptedException
                || cause instanceof IllegalStateException) {
            // IllegalStateException: the producer was closed under us, which only a shutdown does.
            return new AbandonedEventException(what + ": stopped (" + cause + ")", cause);
        }
        // Timeouts, leader changes, a broker that is away: the event is fine, Kafka is not (yet).
        return new RetriableEventException(what + ": " + cause, cause);
    }
}
