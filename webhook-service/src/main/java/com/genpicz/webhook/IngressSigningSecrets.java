package com.genpicz.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The secrets an account's webhooks are signed with, read from ingress's internal API (secrets never travel on a
 * topic), trying each configured ingress instance in turn, and kept a short while: a rotation reaches the
 * signatures within {@link #FRESH}, and while ingress cannot be reached the secrets already read keep signing.
 */
final class IngressSigningSecrets implements SigningSecrets {

    /** The account is unknown to ingress: nobody can sign for it. */
    static final class UnknownAccount extends RuntimeException {
        UnknownAccount(String accountId) {
            super("ingress knows no account " + accountId);
        }
    }

    static final Duration FRESH = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> ingressUrls;
    private final String token;
    private final AsyncLoadingCache<String, Secrets> cache;

    IngressSigningSecrets(List<String> ingressUrls, String token) {
        this.ingressUrls = List.copyOf(ingressUrls);
        this.token = token;
        this.cache = Caffeine.newBuilder()
                .maximumSize(100_000)
                .refreshAfterWrite(FRESH)
                .expireAfterWrite(Duration.ofHours(1))
                .buildAsync((accountId, executor) -> CompletableFuture.supplyAsync(() -> fetch(accountId), executor));
    }

    @Override
    public CompletableFuture<Secrets> of(String accountId) {
        return cache.get(accountId);
    }

    private Secrets fetch(String accountId) {
        IOException last = null;
        for (String base : ingressUrls) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/internal/v1/accounts/"
                            + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "/webhook-secrets"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token).GET().build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    throw new UnknownAccount(accountId);
                }
                if (response.statusCode() != 200) {
                    last = new IOException("ingress answered " + response.statusCode());
                    continue;
                }
                return secrets(JSON.readTree(response.body()));
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }
        throw new CompletionException(new IOException("no ingress instance answered for the secrets of " + accountId,
                last));
    }

    private static Secrets secrets(JsonNode body) {
        String previous = body.path("previous").isTextual() ? body.get("previous").asText() : null;
        if (previous != null && body.path("previous_until").isTextual()
                && Instant.parse(body.get("previous_until").asText()).isBefore(Instant.now())) {
            previous = null;
        }
        return new Secrets(body.get("current").asText(), previous);
    }
}
