package com.genpicz.common.generations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why a generation failed: the {@code code} of {@code generation.failed} events, of the API's {@code error} object
 * on a failed generation and of {@code generation.failed} webhooks. Every failed generation is refunded.
 */
public enum FailureCode {
    /** Accounting found fewer credits than the price when it came to debit. */
    INSUFFICIENT_CREDITS("insufficient_credits"),
    /** The model produced no usable image for this request. */
    RENDER_FAILED("render_failed"),
    /** The rendered image is larger than a record on the image topic may be. */
    IMAGE_TOO_LARGE("image_too_large"),
    /** The generation stayed unfinished past the platform's bound (GENPICZ_GENERATION_TIMEOUT). */
    TIMED_OUT("timed_out"),
    /** The customer deleted the generation before it completed. */
    DELETED("deleted"),
    /** A stage received an event for this generation that broke the contract, and refused it. */
    INVALID_EVENT("invalid_event"),
    /** A stage kept failing on this generation for a reason it could not classify, and gave up. */
    INTERNAL_ERROR("internal_error");

    private final String wireName;

    FailureCode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<FailureCode> fromWireName(String name) {
        return Arrays.stream(values()).filter(code -> code.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static FailureCode decode(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown failure code '" + name + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
