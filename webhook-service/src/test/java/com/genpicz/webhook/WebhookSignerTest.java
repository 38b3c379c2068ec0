package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void theBodySignatureIsTheLowercaseHexHmacSha256OfTheRawBody() {
        // RFC 4231, test case 2.
        String signature = WebhookSigner.bodySignature("Jefe", utf8("what do ya want for nothing?"));

        assertThat(signature).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void theBodySignatureUsesTheWholeSecretTextAsTheKey() {
        assertThat(WebhookSigner.bodySignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", utf8("{}")))
                .isNotEqualTo(WebhookSigner.bodySignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", utf8("{}")));
    }

    @Test
    void theStandardSignatureMatchesTheStandardWebhooksReferenceVector() {
        String signature = WebhookSigner.standardSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, utf8("{\"test\": 2432232314}"));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theStandardSignatureCoversTheMessageIdAndTimestamp() {
        byte[] body = utf8("{\"a\":1}");
        String base = WebhookSigner.standardSignature("whsec_abcd", "msg_1", 100, body);

        assertThat(WebhookSigner.standardSignature("whsec_abcd", "msg_2", 100, body)).isNotEqualTo(base);
        assertThat(WebhookSigner.standardSignature("whsec_abcd", "msg_1", 101, body)).isNotEqualTo(base);
        assertThat(WebhookSigner.standardSignature("whsec_abcd", "msg_1", 100, utf8("{\"a\":2}"))).isNotEqualTo(base);
    }

    @Test
    void aDeliveryIdIsTheSameForEveryAttemptOfOneGenerationsOutcome() {
        assertThat(Delivery.idFor("gen_1", "generation.completed")).isEqualTo("msg_gen_1_generation.completed");
    }

    @Test
    void severalSecretsSignTheStandardHeaderSpaceSeparatedInTheirOrder() {
        byte[] body = utf8("{\"a\":1}");

        String both = WebhookSigner.standardSignatures(java.util.List.of("whsec_abcd", "whsec_efgh"), "msg_1", 100, body);

        assertThat(both).isEqualTo(WebhookSigner.standardSignature("whsec_abcd", "msg_1", 100, body) + " "
                + WebhookSigner.standardSignature("whsec_efgh", "msg_1", 100, body));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
