package com.genpicz.common.generations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The steps one generation goes through after the API accepted it, in pipeline order. Each is timed by the
 * service that does it and published on the stages topic (docs/topics.md), from which ingress answers
 * {@code GET /v1/generations/{id}/timeline}.
 */
public enum PipelineStage {
    /** ingress-api: from the accepted request's commit to the broker's acknowledgement of generation.requested. */
    RELAY("relay"),
    /** accounting-service: the credit check and debit. */
    AUTHORIZE("authorize"),
    /** inference-service: waiting for a batch, sampling, PNG encoding and publishing, for this generation. */
    RENDER("render"),
    /** inference-service: the model's sampling of the batch this generation was in. */
    SAMPLE("sample"),
    /** storage-service: the PNG check, optional upscale, upload and the completed outcome. */
    STORE("store"),
    /** webhook-service: from the outcome to the receiver's 2xx (retries included). */
    WEBHOOK("webhook");

    private final String wireName;

    PipelineStage(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static PipelineStage fromWireName(String wireName) {
        return Arrays.stream(values()).filter(stage -> stage.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pipeline stage " + wireName));
    }
}
