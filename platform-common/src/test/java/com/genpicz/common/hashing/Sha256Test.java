package com.genpicz.common.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void matchesTheStandardTestVectors() {
        assertThat(hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void manyThreadsHashingAtOnceGetTheirOwnCorrectDigests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = IntStream.range(0, 2_000)
                    .mapToObj(i -> pool.submit(() -> i % 2 == 0 ? hex("abc") : hex("")))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? hex("abc") : hex(""));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Sha256.of(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
