package com.genpicz.ingress.http;

import com.genpicz.ingress.errors.ApiException;
import com.genpicz.ingress.errors.AuthenticationException;
import com.genpicz.ingress.errors.ConflictException;
import com.genpicz.ingress.errors.HttpsRequiredException;
import com.genpicz.ingress.errors.InsufficientCreditsException;
import com.genpicz.ingress.errors.InvalidRequestException;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.errors.PayloadTooLargeException;
import com.genpicz.ingress.errors.PlanNotAllowedException;
import com.genpicz.ingress.errors.RateLimitExceededException;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import com.genpicz.ingress.errors.UnsupportedMediaTypeException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP responses. Nothing leaks a stack trace to clients. */
final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e));
        routes.exception(Exception.class, ErrorResponses::unexpected);
        // Error handlers also run after exception mappers: only unmatched routes still lack a JSON body here.
        routes.error(404, ctx -> {
            if (!isJson(ctx)) {
                write(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path(), null);
            }
        });
        routes.error(405, ctx -> write(ctx, 405, "method_not_allowed",
                ctx.method() + " is not allowed on " + ctx.path(), null));
    }

    private static final Map<Class<? extends ApiException>, Integer> STATUSES = Map.ofEntries(
            Map.entry(InvalidRequestException.class, 400),
            Map.entry(AuthenticationException.class, 401),
            Map.entry(InsufficientCreditsException.class, 402),
            Map.entry(PlanNotAllowedException.class, 403),
            Map.entry(NotFoundException.class, 404),
            Map.entry(ConflictException.class, 409),
            Map.entry(PayloadTooLargeException.class, 413),
            Map.entry(UnsupportedMediaTypeException.class, 415),
            Map.entry(RateLimitExceededException.class, 429),
            Map.entry(ServiceUnavailableException.class, 503),
            Map.entry(HttpsRequiredException.class, 403));

    static int statusOf(ApiException e) {
        return statusFor(e.getClass());
    }

    /** The HTTP status of one kind of API error; 0 for a kind nobody mapped (a test guards against that). */
    static int statusFor(Class<?> kind) {
        return STATUSES.getOrDefault(kind, 0);
    }

    static void respond(Context ctx, ApiException e) {
        int status = statusOf(e);
        if (e instanceof RateLimitExceededException limited) {
            ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        write(ctx, status, e.code(), e.getMessage(), e.param());
    }

    private static void unexpected(Exception e, Context ctx) {
        if (isDatabaseUnreachable(e)) {
            log.warn("event=dependency_unavailable path={} reason=\"{}\"", ctx.path(), e.toString());
            write(ctx, 503, "service_unavailable", "The service is temporarily unavailable; retry shortly.", null);
            return;
        }
        log.error("event=unexpected_error method={} path={}", ctx.method(), ctx.path(), e);
        write(ctx, 500, "internal_error", "Something went wrong on our side; the error was logged.", null);
    }

    private static boolean isDatabaseUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof org.jdbi.v3.core.ConnectionException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    static void write(Context ctx, int status, String code, String message, String param) {
        Json.respond(ctx, status, ErrorBody.of(code, message, status, param));
    }
}
