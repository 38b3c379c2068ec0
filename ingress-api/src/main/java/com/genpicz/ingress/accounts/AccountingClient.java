package com.genpicz.ingress.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Credit grants, which accounting owns: ingress's admin API forwards them to accounting-service's internal API,
 * trying each configured instance in turn. Every grant carries an id that accounting applies once, so trying the
 * next instance after a timeout (the first may have granted it) cannot grant twice, and neither can the
 * operator's retry with the same id.
 */
public final class AccountingClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> baseUrls;
    private final String token;

    /** @param baseUrls accounting-service instances, e.g. {@code http://accounting-service:8091} */
    public AccountingClient(List<String> baseUrls, String token) {
        this.baseUrls = List.copyOf(baseUrls);
        this.token = token;
    }

    /** Grants (or takes back) credits once per {@code grantId}; returns the balance after it. */
    public long grant(String accountId, String grantId, long amount, String reason) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("amount", amount, "reason", reason, "grant_id", grantId));
        } catch (IOException e) {
            throw new IllegalStateException("a map of a number and a string is always JSON", e);
        }
        String path = "/internal/v1/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "/grants";
        Exception last = null;
        for (String base : baseUrls) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    throw new NotFoundException("No account '" + accountId + "'.");
                }
                if (response.statusCode() != 200) {
                    last = new IOException("accounting-service answered " + response.statusCode());
                    continue;
                }
                JsonNode answer = JSON.readTree(response.body());
                return answer.path("credits").asLong();
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LoggerFactory.getLogger(AccountingClient.class).warn("event=accounting_service_unreachable reason=\"{}\"",
                String.valueOf(last));
        throw new ServiceUnavailableException("Credits cannot be granted right now; retry shortly.");
    }
}
