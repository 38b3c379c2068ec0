package com.genpicz.ingress.generations;

import com.genpicz.common.events.GenerationSpec;

/**
 * A validated {@code POST /v1/generate}: what to draw, where to call back, and whether the client wants to wait.
 *
 * @param respondAsync answer 202 at once instead of waiting for the image (webhook_url given, or
 *                     {@code Prefer: respond-async})
 */
public record GenerateCommand(GenerationSpec spec, String webhookUrl, boolean respondAsync, String idempotencyKey) {
}
