package com.genpicz.common.events;

import com.genpicz.common.generations.ImageSizes;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.RequestLimits;
import com.genpicz.common.styles.StyleCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every event must satisfy beyond decoding: identities well formed, required fields present, sizes and
 * styles known, the price recomputed from the request's own parameters, images that are the PNG they claim.
 * Producers check before publishing and consumers after decoding, so an event is checked, never believed.
 */
public final class EventInvariants {

    private static final Pattern GENERATION_ID = Pattern.compile("gen_[0-9A-Za-z]{14}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[0-9A-Za-z]{14}");
    private static final int MAX_EVENT_ID = 100;
    private static final int MAX_MESSAGE = 2_000;
    private static final int MAX_STORED_SIDE = 1920 * ImageSizes.UPSCALE_FACTOR;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private EventInvariants() {
    }

    /** Throws {@link InvalidEventException} listing every problem of {@code event}. */
    public static <E extends GenerationEvent> E require(E event) {
        List<String> problems = problems(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(event, problems);
        }
        return event;
    }

    public static List<String> problems(GenerationEvent event) {
        List<String> problems = new ArrayList<>();
        checkIdentity(event, problems);
        if (event instanceof GenerationRequested requested) {
            checkPricedSpec(requested.spec(), requested.credits(), requested.webhookUrl(), problems);
        } else if (event instanceof GenerationAuthorized authorized) {
            checkPricedSpec(authorized.spec(), authorized.credits(), authorized.webhookUrl(), problems);
        } else if (event instanceof ImageRendered rendered) {
            checkRendered(rendered, problems);
        } else if (event instanceof GenerationCompleted completed) {
            checkCompleted(completed, problems);
        } else if (event instanceof GenerationFailed failed) {
            checkFailed(failed, problems);
        } else if (event instanceof GenerationDeleted deleted) {
            checkText("object_key", deleted.objectKey(), 1_000, false, problems);
        } else if (event instanceof GenerationStageTimed timed) {
            checkTimed(timed, problems);
        }
        return problems;
    }

    private static void checkIdentity(GenerationEvent event, List<String> problems) {
        checkText("event_id", event.eventId(), MAX_EVENT_ID, true, problems);
        if (event.generationId() == null || !GENERATION_ID.matcher(event.generationId()).matches()) {
            problems.add("generation_id must be gen_ and 14 base62 characters but is " + quoted(event.generationId()));
        }
        if (event.accountId() == null || !ACCOUNT_ID.matcher(event.accountId()).matches()) {
            problems.add("account_id must be acct_ and 14 base62 characters but is " + quoted(event.accountId()));
        }
        if (event.occurredAt() == null) {
            problems.add("occurred_at is missing");
        }
    }

    private static void checkPricedSpec(GenerationSpec spec, int credits, String webhookUrl, List<String> problems) {
        checkWebhookUrl(webhookUrl, problems);
        if (spec == null) {
            problems.add("spec is missing");
            return;
        }
        checkText("spec.prompt", spec.prompt(), RequestLimits.MAX_PROMPT, true, problems);
        checkText("spec.negative_prompt", spec.negativePrompt(), RequestLimits.MAX_NEGATIVE_PROMPT, false, problems);
        if (spec.style() == null || StyleCatalog.find(spec.style()).isEmpty()) {
            problems.add("spec.style " + quoted(spec.style()) + " is not a known style");
        }
        boolean sized = checkSide("spec.width", spec.width(), problems) & checkSide("spec.height", spec.height(), problems);
        if (spec.quality() == null) {
            problems.add("spec.quality is missing");
        }
        if (spec.seed() < 0 || spec.seed() > RequestLimits.MAX_SEED) {
            problems.add("spec.seed must be between 0 and " + RequestLimits.MAX_SEED + " but is " + spec.seed());
        }
        if (sized && spec.quality() != null && credits != PriceTable.creditsFor(spec)) {
            problems.add("credits must be the price of the spec, " + PriceTable.creditsFor(spec) + ", but is " + credits);
        }
    }

    private static boolean checkSide(String field, int pixels, List<String> problems) {
        if (!ImageSizes.isAccepted(pixels)) {
            problems.add(field + " must be one of " + ImageSizes.ACCEPTED + " but is " + pixels);
            return false;
        }
        return true;
    }

    private static void checkRendered(ImageRendered rendered, List<String> problems) {
        checkWebhookUrl(rendered.webhookUrl(), problems);
        checkSide("width", rendered.width(), problems);
        checkSide("height", rendered.height(), problems);
        byte[] png = rendered.png();
        if (png == null || png.length < 24 || !startsWith(png, PNG_SIGNATURE) || !isIhdr(png)) {
            problems.add("png is not a PNG image");
            return;
        }
        int width = readInt(png, 16);
        int height = readInt(png, 20);
        if (width != rendered.width() || height != rendered.height()) {
            problems.add("png is " + width + "x" + height + " but the event says " + rendered.width() + "x"
                    + rendered.height());
        }
    }

    private static void checkCompleted(GenerationCompleted completed, List<String> problems) {
        checkWebhookUrl(completed.webhookUrl(), problems);
        checkText("image_url", completed.imageUrl(), 2_048, true, problems);
        checkText("object_key", completed.objectKey(), 1_000, true, problems);
        if (completed.width() < 1 || completed.width() > MAX_STORED_SIDE
                || completed.height() < 1 || completed.height() > MAX_STORED_SIDE) {
            problems.add("width and height must be between 1 and " + MAX_STORED_SIDE + " but are "
                    + completed.width() + "x" + completed.height());
        }
    }

    private static void checkFailed(GenerationFailed failed, List<String> problems) {
        checkWebhookUrl(failed.webhookUrl(), problems);
        if (failed.code() == null) {
            problems.add("code is missing");
        }
        checkText("message", failed.message(), MAX_MESSAGE, true, problems);
    }

    private static void checkTimed(GenerationStageTimed timed, List<String> problems) {
        if (timed.stage() == null) {
            problems.add("stage is missing");
        }
        checkText("service", timed.service(), 100, true, problems);
        checkText("instance", timed.instance(), 100, true, problems);
        if (timed.startedAt() == null || timed.finishedAt() == null) {
            problems.add("started_at and finished_at are required");
        } else if (timed.finishedAt().isBefore(timed.startedAt())) {
            problems.add("finished_at is before started_at");
        }
    }

    private static void checkWebhookUrl(String url, List<String> problems) {
        checkText("webhook_url", url, RequestLimits.MAX_WEBHOOK_URL, false, problems);
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            problems.add("webhook_url must be an http(s) URL");
        }
    }

    private static void checkText(String field, String value, int maxLength, boolean required, List<String> problems) {
        if (value == null) {
            if (required) {
                problems.add(field + " is missing");
            }
            return;
        }
        if (required && value.isBlank()) {
            problems.add(field + " is blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            problems.add(field + " is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            problems.add(field + " contains a NUL character");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIhdr(byte[] png) {
        return png[12] == 'I' && png[13] == 'H' && png[14] == 'D' && png[15] == 'R';
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
    }
}
