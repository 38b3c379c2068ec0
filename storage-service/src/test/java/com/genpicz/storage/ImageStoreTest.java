package com.genpicz.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.awt.Color;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class ImageStoreTest {

    private ImageStore store;
    private String bucketUrl;

    @BeforeEach
    void freshBucket(TestInfrastructure infra) {
        StorageConfig config = config(infra, null, infra.uniqueName("images"));
        bucketUrl = config.publicBaseUrl();
        store = new ImageStore(config);
        store.ensureBucket();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aStoredPngIsServedToAnonymousClientsAsAPng() {
        byte[] png = TestImages.png(8, 8, Color.RED);

        store.putPng("gen/abc.png", png);

        HttpResponse<byte[]> response = TestImages.fetch(bucketUrl + "/gen/abc.png");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(png);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void storingTheSameKeyAgainReplacesTheImage() {
        store.putPng("gen/again.png", TestImages.png(4, 4, Color.RED));
        byte[] second = TestImages.png(4, 4, Color.BLUE);

        store.putPng("gen/again.png", second);

        assertThat(TestImages.fetch(bucketUrl + "/gen/again.png").body()).isEqualTo(second);
    }

    @Test
    void aDeletedImageIsNoLongerServedAndDeletingAgainSucceeds() {
        store.putPng("gen/gone.png", TestImages.png(4, 4, Color.GREEN));

        store.delete("gen/gone.png");

        assertThat(TestImages.fetch(bucketUrl + "/gen/gone.png").statusCode()).isIn(403, 404);
        assertThatCode(() -> store.delete("gen/gone.png")).doesNotThrowAnyException();
        assertThatCode(() -> store.delete("gen/never-there.png")).doesNotThrowAnyException();
    }

    @Test
    void ensuringTheBucketTwiceIsHarmlessAndKeepsItsImages() {
        byte[] png = TestImages.png(2, 2, Color.BLACK);
        store.putPng("gen/kept.png", png);

        store.ensureBucket();

        assertThat(TestImages.fetch(bucketUrl + "/gen/kept.png").body()).isEqualTo(png);
    }

    @Test
    void objectKeysFollowThePublicUrlShapeOfTheReference() {
        assertThat(ObjectKeys.forGeneration("gen_Kz9mN4pQr2xTvW")).isEqualTo("gen/Kz9mN4pQr2xTvW.png");
    }

    @Test
    void instancesStartingAtOnceAllFindTheirBucket(TestInfrastructure infra) throws Exception {
        StorageConfig config = config(infra, null, infra.uniqueName("shared-bucket"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(pool.submit(() -> {
                    try (ImageStore instance = new ImageStore(config)) {
                        instance.ensureBucket();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> start : starts) {
                start.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBucketThatDoesNotExistIsAFatalMisconfigurationNotSomethingToRetry(TestInfrastructure infra) {
        try (ImageStore missing = new ImageStore(config(infra, null, infra.uniqueName("never-created")))) {
            assertThatThrownBy(() -> missing.putPng("gen/x.png", TestImages.png(4, 4, Color.RED)))
                    .isInstanceOf(FatalEventException.class).hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void wrongCredentialsAreFatal(TestInfrastructure infra) {
        StorageConfig right = config(infra, null, infra.uniqueName("images"));
        StorageConfig wrong = new StorageConfig(null, right.s3Endpoint(), right.s3AccessKey(), "not-the-secret",
                right.s3Region(), right.bucket(), right.publicBaseUrl(), right.failedLookback(),
                right.operations());
        try (ImageStore store = new ImageStore(wrong)) {
            assertThatThrownBy(store::ensureBucket).isInstanceOf(FatalEventException.class);
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsATransientFailure(TestInfrastructure infra) {
        String nobody = "http://127.0.0.1:" + com.genpicz.infra.FreePort.pick();
        try (ImageStore unreachable = new ImageStore(config(nobody, infra, null, "images"))) {
            assertThatThrownBy(() -> unreachable.putPng("gen/x.png", TestImages.png(4, 4, Color.RED)))
                    .isInstanceOf(RetriableEventException.class);
        }
    }

    static StorageConfig config(TestInfrastructure infra, KafkaConfig kafka, String bucket) {
        return config(infra.s3Endpoint(), infra, kafka, bucket);
    }

    static StorageConfig config(String s3Endpoint, TestInfrastructure infra, KafkaConfig kafka, String bucket) {
        String endpoint = s3Endpoint.replaceAll("/$", "");
        return new StorageConfig(kafka, endpoint, infra.s3AccessKey(), infra.s3SecretKey(), "us-east-1", bucket,
                endpoint + "/" + bucket, java.time.Duration.ofMinutes(5),
                com.genpicz.common.config.OperationsConfig.anyFreePort());
    }
}
