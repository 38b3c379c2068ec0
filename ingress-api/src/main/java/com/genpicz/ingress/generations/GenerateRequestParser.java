package com.genpicz.ingress.generations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.ImageSizes;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.generations.RequestLimits;
import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import com.genpicz.ingress.errors.InvalidRequestException;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Set;

/**
 * Validates a generate body exactly as the API reference's parameter table says, naming the offending field in
 * every error. Unknown fields are refused so that a typo ({@code "widht"}) is not silently ignored.
 */
public final class GenerateRequestParser {

    private static final long MAX_SEED = RequestLimits.MAX_SEED;
    private static final Set<String> FIELDS = Set.of("prompt", "style", "width", "height", "quality",
            "negative_prompt", "seed", "upscale", "webhook_url");

    private final ObjectMapper json = new ObjectMapper();
    private final WebhookUrlPolicy webhookPolicy;
    private final SecureRandom random = new SecureRandom();

    public GenerateRequestParser(WebhookUrlPolicy webhookPolicy) {
        this.webhookPolicy = webhookPolicy;
    }

    public GenerateCommand parse(byte[] body, boolean preferAsync, String idempotencyKey) {
        ObjectNode object = readObject(body);
        rejectUnknownFields(object);
        String prompt = requiredText(object, "prompt", RequestLimits.MAX_PROMPT);
        String negative = optionalText(object, "negative_prompt", RequestLimits.MAX_NEGATIVE_PROMPT);
        String style = optionalText(object, "style", 100);
        if (style == null) {
            style = StyleCatalog.DEFAULT_STYLE;
        } else if (StyleCatalog.find(style).isEmpty()) {
            throw invalid("invalid_style", "Unknown style '" + style + "'. See GET /v1/styles for the available ids.", "style");
        }
        int width = size(object, "width");
        int height = size(object, "height");
        String qualityName = optionalText(object, "quality", 20);
        Quality quality = qualityName == null ? Quality.DEFAULT : Quality.fromWireName(qualityName).orElseThrow(() ->
                invalid("invalid_quality", "quality must be one of \"standard\", \"hd\", \"ultra\".", "quality"));
        long seed = seed(object);
        boolean upscale = bool(object, "upscale");
        String webhookUrl = optionalText(object, "webhook_url", RequestLimits.MAX_WEBHOOK_URL);
        if (webhookUrl != null) {
            webhookPolicy.checkSyntax(webhookUrl).ifPresent(problem -> {
                throw invalid("invalid_webhook_url", problem, "webhook_url");
            });
        }
        GenerationSpec spec = new GenerationSpec(prompt, negative, style, width, height, quality, seed, upscale);
        return new GenerateCommand(spec, webhookUrl, preferAsync || webhookUrl != null, idempotencyKey);
    }

    private ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("invalid_json", "The request body is empty; send a JSON object.", null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("invalid_json", "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").", null);
        } catch (java.io.IOException e) {
            throw invalid("invalid_json", "The request body could not be read.", null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw invalid("invalid_json", "The request body must be a JSON object.", null);
        }
        return object;
    }

    private static void rejectUnknownFields(ObjectNode object) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid("unknown_parameter", "Unknown parameter '" + name + "'.", name);
            }
        }
    }

    private static String requiredText(ObjectNode object, String field, int maxLength) {
        String text = optionalText(object, field, maxLength);
        if (text == null || text.isBlank()) {
            throw invalid("missing_parameter", field + " is required.", field);
        }
        return text;
    }

    private static String optionalText(ObjectNode object, String field, int maxLength) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid("invalid_type", field + " must be a string.", field);
        }
        String text = node.textValue();
        if (text.indexOf('\0') >= 0) {
            throw invalid("invalid_parameter", field + " must not contain NUL characters.", field);
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            throw invalid("parameter_too_long", field + " must be at most " + String.format("%,d", maxLength)
                    + " characters.", field);
        }
        return text;
    }

    private static int size(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return ImageSizes.DEFAULT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || !ImageSizes.isAccepted(node.intValue())) {
            throw invalid("invalid_size", field + " must be one of 512, 768, 1024, 1280, 1920.", field);
        }
        return node.intValue();
    }

    private long seed(ObjectNode object) {
        JsonNode node = object.get("seed");
        if (node == null || node.isNull()) {
            return random.nextLong(MAX_SEED + 1);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0 || node.longValue() > MAX_SEED) {
            throw invalid("invalid_seed", "seed must be an integer from 0 to " + MAX_SEED + ".", "seed");
        }
        return node.longValue();
    }

    private static boolean bool(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid("invalid_type", field + " must be true or false.", field);
        }
        return node.booleanValue();
    }

    private static InvalidRequestException invalid(String code, String message, String param) {
        return new InvalidRequestException(code, message, param);
    }
}
