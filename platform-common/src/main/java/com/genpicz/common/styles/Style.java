package com.genpicz.common.styles;

/**
 * A style preset: how a prompt is dressed before rendering.
 *
 * @param promptTemplate  {@code {prompt}} is replaced by the customer's prompt
 * @param negativePrompt  added to the customer's negative prompt
 */
public record Style(String id, String name, String description, String promptTemplate, String negativePrompt) {

    public String applyTo(String prompt) {
        return promptTemplate.replace("{prompt}", prompt);
    }
}
