package com.genpicz.storage;

import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.generations.FailureCode;
import java.util.zip.CRC32;

/**
 * Checks that a PNG arrived whole before it is stored: every chunk's CRC matches and the file ends with IEND.
 * That catches truncated or corrupted bytes for a fraction of a millisecond, without decoding the picture;
 * the event's own check already made sure it starts as a PNG of the right size.
 */
final class PngIntegrity {

    private static final int SIGNATURE_LENGTH = 8;
    private static final int IEND = ('I' << 24) | ('E' << 16) | ('N' << 8) | 'D';

    private PngIntegrity() {
    }

    /** Throws {@link PoisonEventException} ({@code render_failed}) when the PNG is not whole. */
    static void requireWhole(byte[] png) {
        int at = SIGNATURE_LENGTH;
        while (at + 12 <= png.length) {
            int length = readInt(png, at);
            int type = readInt(png, at + 4);
            if (length < 0 || (long) at + 12 + length > png.length) {
                throw corrupt("a chunk runs past the end of the file");
            }
            CRC32 crc = new CRC32();
            crc.update(png, at + 4, 4 + length);
            if ((int) crc.getValue() != readInt(png, at + 8 + length)) {
                throw corrupt("a chunk's CRC does not match its bytes");
            }
            if (type == IEND) {
                return;
            }
            at += 12 + length;
        }
        throw corrupt("the file ends before its IEND chunk");
    }

    private static PoisonEventException corrupt(String why) {
        return new PoisonEventException(FailureCode.RENDER_FAILED, "the rendered PNG is corrupt: " + why, null);
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }
}
