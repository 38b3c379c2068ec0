package com.genpicz.common.hashing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for hot paths: each call copies one prototype digest instead of looking the algorithm up in the
 * security providers, which showed up in every request's profile (API key and idempotency body hashes).
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = prototype();

    private Sha256() {}

    public static byte[] of(byte[] data) {
        try {
            // The prototype is never updated, so copying it from many threads at once is safe.
            return ((MessageDigest) PROTOTYPE.clone()).digest(data);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static MessageDigest prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
