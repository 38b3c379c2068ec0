package com.genpicz.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genpicz.ingress.errors.InvalidRequestException;
import com.genpicz.ingress.errors.PayloadTooLargeException;
import com.genpicz.ingress.errors.UnsupportedMediaTypeException;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Set;

/** Reading request parts strictly: JSON bodies, known fields only, integer query parameters. */
final class Requests {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * An oversized body up to this size is read and dropped before the 413 goes out: closing a connection with
     * unread bytes in its receive buffer makes the kernel reset it, and the client then loses the answer.
     */
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** The raw body after checking its media type and size. */
    static byte[] jsonBody(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new UnsupportedMediaTypeException("Send the body as JSON with 'Content-Type: application/json'.");
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            drain(ctx);
            throw new PayloadTooLargeException("The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        return body;
    }

    private static void drain(Context ctx) {
        if (ctx.contentLength() > DRAIN_LIMIT_BYTES) {
            return;
        }
        try (java.io.InputStream body = ctx.req().getInputStream()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // The client went away meanwhile: there is nobody left to answer.
        }
    }

    /** A JSON object with only the {@code allowed} fields. */
    static ObjectNode jsonObject(Context ctx, Set<String> allowed) {
        byte[] body = jsonBody(ctx);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("invalid_json", "The request body is not valid JSON: "
                    + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("invalid_json", "The request body could not be read.", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException("invalid_json", "The request body must be a JSON object.", null);
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidRequestException("unknown_parameter", "Unknown parameter '" + name + "'.", name);
            }
        }
        return object;
    }

    static String requiredText(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
            throw new InvalidRequestException("missing_parameter", field + " is required.", field);
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("invalid_type", field + " must be a string.", field);
        }
        return node.textValue();
    }

    static Long optionalLong(ObjectNode object, String field, long min, long max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw new InvalidRequestException("invalid_parameter",
                    field + " must be an integer from " + min + " to " + max + ".", field);
        }
        return node.longValue();
    }

    static int intQuery(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException("invalid_parameter",
                name + " must be an integer from " + min + " to " + max + ".", name);
    }
}
