package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.events.EventDecodingException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void outagesOfTheWorldAroundTheEventAreTransientEvenWhenWrapped() {
        assertThat(FailureKind.of(new RetriableEventException("bucket away"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new NotEnoughReplicasException("isr"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new UncheckedIOException(new ConnectException("refused"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new IllegalStateException("jdbi", new SQLException("conn", "08006"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new SQLException("serialization", "40001"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new SQLException("shutting down", "57P01"))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void badDataIsPoison() {
        assertThat(FailureKind.of(new PoisonEventException("no such account"))).isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.of(new EventDecodingException("garbage"))).isEqualTo(FailureKind.POISON);
    }

    @Test
    void brokenServicesAndJvmErrorsAreFatal() {
        assertThat(FailureKind.of(new FatalEventException("model gone", null))).isEqualTo(FailureKind.FATAL);
        assertThat(FailureKind.of(new OutOfMemoryError())).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new SQLException("unique violation", "23505"))).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new SQLException("no state"))).isEqualTo(FailureKind.UNKNOWN);
    }
}
