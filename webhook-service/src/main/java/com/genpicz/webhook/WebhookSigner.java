package com.genpicz.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies. {@code X-GenPicz-Signature} is the reference's HMAC-SHA256 of the raw body (lowercase
 * hex). The Standard Webhooks signature additionally covers the message id and timestamp, which lets receivers
 * reject replays.
 */
public final class WebhookSigner {

    private static final String STANDARD_PREFIX = "whsec_";
    /**
     * One Mac per sending thread: {@code Mac.getInstance} looks the algorithm up in the security providers on every
     * call, and signing was 8 % of webhook-service's CPU in bench/webhooks; a Mac is not thread-safe, and re-keying
     * one is cheap.
     */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });

    private WebhookSigner() {
    }

    public static String bodySignature(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} as Standard Webhooks defines it. */
    public static String standardSignature(String secret, String messageId, long timestampSeconds, byte[] body) {
        byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), prefix, body));
    }

    /**
     * The {@code webhook-signature} header for several secrets at once — during a rotation's overlap both the new
     * and the old secret sign, space-separated, and a receiver holding either verifies (Standard Webhooks allows
     * several signatures in the header).
     */
    public static String standardSignatures(List<String> secrets, String messageId, long timestampSeconds,
                                            byte[] body) {
        return secrets.stream().map(secret -> standardSignature(secret, messageId, timestampSeconds, body))
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /**
     * Standard Webhooks libraries read a {@code whsec_} secret as base64 and sign with the decoded bytes; signing with
     * the text itself would make every receiver built on them reject our webhooks.
     */
    private static byte[] standardKey(String secret) {
        if (secret.startsWith(STANDARD_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                // Not a Standard Webhooks secret after all; the text is the only key there is.
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC key of any length is valid", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }
}
