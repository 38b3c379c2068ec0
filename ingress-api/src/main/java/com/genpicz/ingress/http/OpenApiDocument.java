package com.genpicz.ingress.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3.1 description of the public API, kept next to the code and checked against the routes. */
final class OpenApiDocument {

    private static final byte[] DOCUMENT = load();

    private OpenApiDocument() {
    }

    static void serve(Context ctx) {
        ctx.contentType("application/json").header("Cache-Control", "public, max-age=300").result(DOCUMENT);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
