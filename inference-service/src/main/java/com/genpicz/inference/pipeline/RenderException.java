package com.genpicz.inference.pipeline;

/**
 * A render that did not produce an image, with a short machine-readable reason such as {@code invalid_request},
 * {@code non_finite_output}, {@code engine_failure}, {@code renderer_closed} or {@code interrupted}.
 */
public class RenderException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String NON_FINITE_OUTPUT = "non_finite_output";
    public static final String ENGINE_FAILURE = "engine_failure";
    public static final String RENDERER_CLOSED = "renderer_closed";
    public static final String INTERRUPTED = "interrupted";

    private final String reason;

    public RenderException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RenderException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the render failed, as a stable snake_case code. */
    public String reason() {
        return reason;
    }
}
