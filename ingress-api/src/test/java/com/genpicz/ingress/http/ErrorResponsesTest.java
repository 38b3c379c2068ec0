package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.ingress.errors.ApiException;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void everyKindOfApiErrorHasAnHttpStatusBetween400And599() {
        for (Class<?> kind : ApiException.class.getPermittedSubclasses()) {
            assertThat(ErrorResponses.statusFor(kind)).as(kind.getSimpleName()).isBetween(400, 599);
        }
    }
}
