package com.genpicz.common.testing;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Events that keep the contract (valid ids, priced specs, real PNG headers), for tests of every module. */
public final class TestEvents {

    public static final String ACCOUNT = "acct_Test0000000001";
    public static final GenerationSpec SPEC =
            new GenerationSpec("a red circle", null, "auto", 512, 512, Quality.STANDARD, 42L, false);

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private TestEvents() {
    }

    /** A well-formed generation id made from {@code name}, the same for the same name. */
    public static String generationId(String name) {
        long hash = name.hashCode() * 0x9E3779B97F4A7C15L + name.length();
        char[] out = new char[14];
        for (int i = 0; i < out.length; i++) {
            hash = hash * 6364136223846793005L + 1442695040888963407L;
            out[i] = BASE62[(int) Long.remainderUnsigned(hash >>> 17, BASE62.length)];
        }
        return "gen_" + new String(out);
    }

    public static String newGenerationId() {
        return Identifiers.generationId();
    }

    public static GenerationRequested requested(String generationId, GenerationSpec spec, String webhookUrl) {
        return new GenerationRequested(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(), spec,
                PriceTable.creditsFor(spec), webhookUrl);
    }

    public static GenerationAuthorized authorized(String generationId, GenerationSpec spec, String webhookUrl) {
        return new GenerationAuthorized(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(), spec,
                PriceTable.creditsFor(spec), webhookUrl);
    }

    public static ImageRendered rendered(String generationId, byte[] png, int width, int height) {
        return new ImageRendered(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(), width, height, 42L, png,
                null, false);
    }

    public static GenerationCompleted completed(String generationId, String webhookUrl) {
        String key = "gen/" + generationId.substring(4) + ".png";
        return new GenerationCompleted(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(),
                "http://127.0.0.1:9000/images/" + key, key, 512, 512, webhookUrl);
    }

    public static GenerationFailed failed(String generationId, FailureCode code, String message) {
        return new GenerationFailed(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(), code, message, null);
    }

    public static GenerationDeleted deleted(String generationId) {
        return new GenerationDeleted(Identifiers.eventId(), generationId, ACCOUNT, Instant.now(),
                "gen/" + generationId.substring(4) + ".png");
    }

    /** The first bytes of a PNG of the given size: signature and IHDR, enough for the contract's check. */
    public static byte[] pngHeader(int width, int height) {
        return ByteBuffer.allocate(33)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height)
                .put(new byte[] {8, 2, 0, 0, 0}).putInt(0)
                .array();
    }
}
