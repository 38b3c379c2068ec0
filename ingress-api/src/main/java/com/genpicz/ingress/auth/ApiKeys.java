package com.genpicz.ingress.auth;

import com.genpicz.common.hashing.Sha256;
import com.genpicz.common.ids.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API key format: {@code gp_live_} followed by 32 base62 characters (about 190 bits). The first 16 characters
 * are the lookup prefix, stored in clear to find the key's row; the whole key is stored only as a SHA-256 hash.
 * A fast hash suffices because the keys are random, not passwords.
 */
public final class ApiKeys {

    public static final String PREFIX = "gp_live_";
    static final int LOOKUP_PREFIX_LENGTH = 16;
    private static final int SECRET_LENGTH = 32;

    private ApiKeys() {
    }

    /** A freshly minted key; the plaintext exists only in this object and the response that shows it once. */
    public record NewApiKey(String plaintext, String lookupPrefix, byte[] hash) {
    }

    public static NewApiKey generate() {
        String key = PREFIX + Identifiers.base62(SECRET_LENGTH);
        return new NewApiKey(key, lookupPrefix(key), hash(key));
    }

    /** {@code gp_live_} and 32 base62 characters; checked on every request, so without a regex. */
    public static boolean looksValid(String key) {
        if (key == null || key.length() != PREFIX.length() + SECRET_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    public static String lookupPrefix(String key) {
        return key.substring(0, LOOKUP_PREFIX_LENGTH);
    }

    public static byte[] hash(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison: the time taken does not tell an attacker how many bytes matched. */
    public static boolean matches(String presentedKey, byte[] storedHash) {
        return MessageDigest.isEqual(hash(presentedKey), storedHash);
    }
}
