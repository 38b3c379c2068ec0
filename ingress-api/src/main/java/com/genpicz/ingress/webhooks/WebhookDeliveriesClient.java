package com.genpicz.ingress.webhooks;

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

/**
 * The delivery log and redelivery of a generation's webhooks, which webhook-service owns: ingress authenticates
 * the caller and checks the generation is theirs, then asks webhook-service's internal API, trying each configured
 * instance in turn.
 */
public final class WebhookDeliveriesClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> baseUrls;
    private final String token;

    /** @param baseUrls webhook-service instances, e.g. {@code http://webhook-service:8090} */
    public WebhookDeliveriesClient(List<String> baseUrls, String token) {
        this.baseUrls = List.copyOf(baseUrls);
        this.token = token;
    }

    /** Every delivery of the generation with its attempts, as webhook-service's API answers it. */
    public JsonNode deliveries(String accountId, String generationId) {
        return send("GET", "/internal/v1/generations/" + encode(generationId) + "/webhook-deliveries?account_id="
                + encode(accountId));
    }

    /** Queues the delivery again; answers it as it stands now. */
    public JsonNode redeliver(String accountId, String generationId, String deliveryId) {
        return send("POST", "/internal/v1/generations/" + encode(generationId) + "/webhook-deliveries/"
                + encode(deliveryId) + "/redeliver?account_id=" + encode(accountId));
    }

    private JsonNode send(String method, String path) {
        IOException last = null;
        for (String base : baseUrls) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    throw new NotFoundException(JSON.readTree(response.body()).path("error").path("message")
                            .asText("Not found."));
                }
                if (response.statusCode() / 100 != 2) {
                    last = new IOException("webhook-service answered " + response.statusCode());
                    continue;
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        org.slf4j.LoggerFactory.getLogger(WebhookDeliveriesClient.class).warn(
                "event=webhook_service_unreachable reason=\"{}\"", String.valueOf(last));
        throw new ServiceUnavailableException("Webhook deliveries cannot be read right now; retry shortly.");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
