package com.genpicz.inference.pipeline;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

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

    /** Waits for a render running on another thread, turning every way it can fail into a RenderException. */
    static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException(INTERRUPTED, "interrupted while waiting for the render", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RenderException renderException) {
                throw renderException;
            }
            throw new RenderException(ENGINE_FAILURE, "render failed: " + e.getCause(), e.getCause());
        }
    }
}
