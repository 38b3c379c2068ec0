package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser();

    @Test
    void aResponseWithContentLengthEndsAfterItsBodyAndKeepsTheLocation() {
        ByteBuffer bytes = ascii("HTTP/1.1 202 Accepted\r\nLocation: /v1/generations/gen_1\r\nContent-Length: 5\r\n\r\n"
                + "helloHTTP/1.1");

        ResponseParser.Response response = parser.feed(bytes);

        assertThat(response).isEqualTo(new ResponseParser.Response(202, "/v1/generations/gen_1", false));
        assertThat(bytes.remaining()).as("the next response's bytes stay unread").isEqualTo(8);
    }

    @Test
    void aResponseSplitAtEveryByteIsStillReadWhole() {
        byte[] all = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
        ResponseParser.Response response = null;
        for (int i = 0; i < all.length; i++) {
            assertThat(response).as("complete before byte %d", i).isNull();
            response = parser.feed(ByteBuffer.wrap(all, i, 1));
        }

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyEndsAfterTheLastChunkAndTrailers() {
        String first = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n";

        assertThat(parser.feed(ascii(first))).isNull();
        ResponseParser.Response response = parser.feed(ascii("a;ext=1\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n"));

        assertThat(response).isEqualTo(new ResponseParser.Response(200, null, false));
    }

    @Test
    void responsesWithoutABodyEndAtTheBlankLine() {
        assertThat(parser.feed(ascii("HTTP/1.1 204 No Content\r\n\r\n")).status()).isEqualTo(204);
        assertThat(parser.feed(ascii("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")))
                .isEqualTo(new ResponseParser.Response(503, null, true));
    }

    @Test
    void somethingThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> parser.feed(ascii("SSH-2.0-OpenSSH\r\n"))).isInstanceOf(IllegalStateException.class);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
