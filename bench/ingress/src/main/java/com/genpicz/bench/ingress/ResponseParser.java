package com.genpicz.bench.ingress;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time from the bytes of a keep-alive connection, as they arrive: the status, the
 * {@code Location} header and whether the server will close the connection; the body (by {@code Content-Length} or
 * chunked) is skipped. Just enough HTTP for a load client that talks only to our own server.
 */
final class ResponseParser {

    /** What the load client keeps of a response. */
    record Response(int status, String location, boolean closesConnection) {
    }

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS }

    private static final int MAX_LINE = 16 * 1024;

    private final StringBuilder line = new StringBuilder(128);
    private State state = State.HEAD;
    private int status = -1;
    private String location;
    private boolean closes;
    private boolean chunked;
    private long remaining;
    private boolean sawCarriageReturn;

    /**
     * Consumes bytes of {@code input} up to the end of the current response and returns it, leaving the rest of
     * the buffer unread; returns null when the response is not complete yet (all of {@code input} consumed).
     *
     * @throws IllegalStateException when the bytes are not an HTTP/1.1 response
     */
    Response feed(ByteBuffer input) {
        while (input.hasRemaining()) {
            switch (state) {
                case FIXED_BODY, CHUNK_DATA -> skipBody(input);
                case CHUNK_DATA_END -> {
                    if (readLine(input) != null) {
                        state = State.CHUNK_SIZE;
                    }
                }
                default -> {
                    String text = readLine(input);
                    if (text != null && onLine(text)) {
                        return finish();
                    }
                }
            }
            if ((state == State.FIXED_BODY) && remaining == 0) {
                return finish();
            }
        }
        return null;
    }

    private void skipBody(ByteBuffer input) {
        int skip = (int) Math.min(remaining, input.remaining());
        input.position(input.position() + skip);
        remaining -= skip;
        if (remaining == 0 && state == State.CHUNK_DATA) {
            state = State.CHUNK_DATA_END;
        }
    }

    /** Returns true when the response ends with this line. */
    private boolean onLine(String text) {
        switch (state) {
            case HEAD -> {
                if (status < 0) {
                    status = statusOf(text);
                } else if (!text.isEmpty()) {
                    header(text);
                } else {
                    return endOfHead();
                }
            }
            case CHUNK_SIZE -> {
                int extension = text.indexOf(';');
                remaining = Long.parseLong((extension < 0 ? text : text.substring(0, extension)).trim(), 16);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case TRAILERS -> {
                return text.isEmpty();
            }
            default -> throw new IllegalStateException("unexpected line in state " + state);
        }
        return false;
    }

    private boolean endOfHead() {
        if (chunked) {
            state = State.CHUNK_SIZE;
            return false;
        }
        // 1xx, 204 and 304 have no body; a response without a length and not chunked ends when the server
        // closes, which our server never does for the requests the benchmark sends.
        if (status / 100 == 1 || status == 204 || status == 304 || remaining == 0) {
            return true;
        }
        state = State.FIXED_BODY;
        return false;
    }

    private void header(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException("malformed header line: " + text);
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> remaining = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> closes = value.equalsIgnoreCase("close");
            case "location" -> location = value;
            default -> {
            }
        }
    }

    private static int statusOf(String text) {
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            throw new IllegalStateException("not an HTTP/1.x status line: " + text);
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    /** The next line without its CRLF, or null when the buffer ends first (the partial line is kept). */
    private String readLine(ByteBuffer input) {
        while (input.hasRemaining()) {
            char c = (char) (input.get() & 0xff);
            if (c == '\n' && sawCarriageReturn) {
                sawCarriageReturn = false;
                String text = line.toString();
                line.setLength(0);
                return text;
            }
            if (sawCarriageReturn) {
                line.append('\r');
            }
            sawCarriageReturn = c == '\r';
            if (!sawCarriageReturn) {
                line.append(c);
            }
            if (line.length() > MAX_LINE) {
                throw new IllegalStateException("header line longer than " + MAX_LINE + " bytes");
            }
        }
        return null;
    }

    private Response finish() {
        Response response = new Response(status, location, closes);
        reset();
        return response;
    }

    /** Forgets any partly read response, for a new connection. */
    void reset() {
        line.setLength(0);
        sawCarriageReturn = false;
        state = State.HEAD;
        status = -1;
        location = null;
        closes = false;
        chunked = false;
        remaining = 0;
    }
}
