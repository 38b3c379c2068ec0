package com.genpicz.common.failures;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.events.EventDecodingException;
import com.genpicz.common.generations.FailureCode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void aFailureClassifiedByItsAdapterKeepsThatKind() {
        assertThat(FailureKind.of(new RetriableEventException("bucket away"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new PoisonEventException("no such account"))).isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.of(new EventDecodingException("garbage"))).isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.of(new FatalEventException("model gone", null))).isEqualTo(FailureKind.FATAL);
        assertThat(FailureKind.of(new AbandonedEventException("shutting down", null))).isEqualTo(FailureKind.ABANDONED);
        assertThat(FailureKind.of(new UnexpectedEventException(FailureCode.RENDER_FAILED, "engine", null)))
                .isEqualTo(FailureKind.UNKNOWN);
    }

    @Test
    void anUnclassifiedFailureIsUnknownWhateverItWrapsSoACorruptImageIsNeverRetriedForEver() {
        assertThat(FailureKind.of(new UncheckedIOException(new IIOException("bad PNG chunk")))).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new UncheckedIOException(new ConnectException("refused")))).isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new IllegalStateException("jdbi", new SQLException("conn", "08006"))))
                .isEqualTo(FailureKind.UNKNOWN);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.UNKNOWN);
    }

    @Test
    void jvmErrorsAreFatalAndInterruptionsAreAbandoned() {
        assertThat(FailureKind.of(new OutOfMemoryError())).isEqualTo(FailureKind.FATAL);
        assertThat(FailureKind.of(new InterruptedException())).isEqualTo(FailureKind.ABANDONED);
    }

    @Test
    void aGiveUpFailsTheGenerationWithTheAdaptersCodeOrInternalError() {
        assertThat(new PoisonEventException(FailureCode.IMAGE_TOO_LARGE, "big", null).failureCode())
                .isEqualTo(FailureCode.IMAGE_TOO_LARGE);
        assertThat(new PoisonEventException("bad").failureCode()).isEqualTo(FailureCode.INVALID_EVENT);
        assertThat(new RetriableEventException("away").failureCode()).isEqualTo(FailureCode.INTERNAL_ERROR);
    }
}
