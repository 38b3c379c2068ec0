package com.genpicz.inference.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns a prompt into exactly {@code max_token_length} token ids. Truncation is the tokenizer's (it keeps the
 * end-of-text token); padding is done here with model.json's {@code pad_token_id}, because CLIP-family
 * tokenizers disagree about which token pads.
 */
public final class PromptTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int length;
    private final long padId;

    private PromptTokenizer(HuggingFaceTokenizer tokenizer, int length, long padId) {
        this.tokenizer = tokenizer;
        this.length = length;
        this.padId = padId;
    }

    /** Loads {@code tokenizer.json} from a model folder; never downloads. */
    public static PromptTokenizer load(Path modelDir, ModelConfig config) {
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(modelDir.resolve("tokenizer.json"))
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optMaxLength(config.maxTokenLength())
                    .optPadding(false)
                    .build();
            return new PromptTokenizer(tokenizer, config.maxTokenLength(), config.padTokenId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer.json from " + modelDir, e);
        }
    }

    /** The prompt's ids, truncated or padded to the model's token length. */
    public long[] encode(String prompt) {
        long[] ids = tokenizer.encode(prompt == null ? "" : prompt).getIds();
        long[] padded = Arrays.copyOf(ids, length);
        if (ids.length < length) {
            Arrays.fill(padded, ids.length, length, padId);
        }
        return padded;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
