package com.genpicz.common.ids;

import java.security.SecureRandom;
import java.util.UUID;

/** Mints the public and internal identifiers; generation ids follow the reference's {@code gen_} + 14 base62. */
public final class Identifiers {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {
    }

    public static String generationId() {
        return "gen_" + base62(14);
    }

    public static String accountId() {
        return "acct_" + base62(14);
    }

    public static String apiKeyId() {
        return "key_" + base62(14);
    }

    public static String eventId() {
        return UUID.randomUUID().toString();
    }

    /** Random base62 text with about 5.95 bits of entropy per character, from a cryptographic source. */
    public static String base62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
