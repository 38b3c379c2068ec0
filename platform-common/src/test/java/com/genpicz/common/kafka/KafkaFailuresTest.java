package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.failures.FailureKind;
import com.genpicz.common.generations.FailureCode;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    @Test
    void aBrokerThatIsAwayOrBehindIsTransient() {
        assertThat(KafkaFailures.ofSend("x", new TimeoutException("metadata")).kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(KafkaFailures.ofSend("x", new NotEnoughReplicasException("isr")).kind()).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void aRecordTooLargeIsPoisonAndFailsTheGenerationAsImageTooLarge() {
        var failure = KafkaFailures.ofSend("x", new RecordTooLargeException("17 MiB"));

        assertThat(failure.kind()).isEqualTo(FailureKind.POISON);
        assertThat(failure.failureCode()).isEqualTo(FailureCode.IMAGE_TOO_LARGE);
    }

    @Test
    void aBrokerThatRefusesThisServiceIsFatal() {
        assertThat(KafkaFailures.ofSend("x", new TopicAuthorizationException("no ACL")).kind()).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void anInterruptedOrClosedProducerMeansShutdownNotACustomerFailure() {
        assertThat(KafkaFailures.ofSend("x", new InterruptException("stop")).kind()).isEqualTo(FailureKind.ABANDONED);
        assertThat(KafkaFailures.ofSend("x", new IllegalStateException("producer closed")).kind())
                .isEqualTo(FailureKind.ABANDONED);
    }
}
