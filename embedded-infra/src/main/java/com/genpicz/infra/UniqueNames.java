package com.genpicz.infra;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out names that are unique within this JVM and valid for S3 buckets, Kafka topics and databases. */
final class UniqueNames {

    private static final int MAX_BASE_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    private UniqueNames() {
    }

    /** {@code base} lower-cased, reduced to letters, digits and {@code separator}, plus a random 6-hex suffix. */
    static String next(String base, char separator) {
        String prefix = sanitise(base, separator);
        while (true) {
            byte[] suffix = new byte[3];
            RANDOM.nextBytes(suffix);
            String name = prefix + separator + HexFormat.of().formatHex(suffix);
            if (ISSUED.add(name)) {
                return name;
            }
        }
    }

    private static String sanitise(String base, char separator) {
        String cleaned = base.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", String.valueOf(separator))
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        if (cleaned.length() > MAX_BASE_LENGTH) {
            cleaned = cleaned.substring(0, MAX_BASE_LENGTH);
        }
        // S3 needs at least three characters in all, and both S3 and PostgreSQL want a letter up front.
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) ? "t" + separator + cleaned : cleaned;
    }
}
