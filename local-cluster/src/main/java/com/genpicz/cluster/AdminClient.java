package com.genpicz.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The admin API of a running ingress instance, as an operator's script would use it. */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String root;
    private final String token;

    /** @param root the server root, e.g. {@code http://127.0.0.1:8080} */
    public AdminClient(String root, String token) {
        this.root = root;
        this.token = token;
    }

    /** Creates an account; returns its id. */
    public String createAccount(String email, String plan, long credits) {
        return send("POST", "/admin/v1/accounts", Map.of("email", email, "plan", plan, "credits", credits), 201)
                .get("account_id").asText();
    }

    /** Creates an API key of the account; returns the key itself, shown this once. */
    public String createKey(String accountId) {
        return send("POST", "/admin/v1/accounts/" + accountId + "/api-keys", Map.of(), 201).get("api_key").asText();
    }

    /** The account as the admin API shows it. */
    public JsonNode account(String accountId) {
        return send("GET", "/admin/v1/accounts/" + accountId, null, 200);
    }

    private JsonNode send(String method, String path, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
