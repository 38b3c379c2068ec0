package com.genpicz.storage;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import java.time.Duration;

/**
 * storage-service settings.
 *
 * @param publicBaseUrl where clients fetch images: a CDN in front of the bucket, or the bucket itself
 * @param failedLookback how far back the outcomes topic is read at start to learn which generations failed
 *                      already and need no upload
 * @param operations     the operations port ({@code /metrics}, {@code /livez}, {@code /readyz}) and instance id
 */
public record StorageConfig(
        KafkaConfig kafka,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        String bucket,
        String publicBaseUrl,
        Duration failedLookback,
        OperationsConfig operations) {

    public static StorageConfig from(Env env) {
        String endpoint = env.uri("GENPICZ_S3_ENDPOINT", "http://localhost:9000").toString();
        String bucket = env.string("GENPICZ_S3_BUCKET", "genpicz-images");
        StorageConfig config = new StorageConfig(
                KafkaConfig.from(env),
                endpoint,
                env.secret("GENPICZ_S3_ACCESS_KEY", "genpicz"),
                env.secret("GENPICZ_S3_SECRET_KEY", "genpicz-secret"),
                env.string("GENPICZ_S3_REGION", "us-east-1"),
                bucket,
                env.uri("GENPICZ_PUBLIC_IMAGE_BASE_URL", stripSlash(endpoint) + "/" + bucket).toString(),
                env.duration("GENPICZ_FAILED_LOOKBACK", Duration.ofMinutes(30)),
                OperationsConfig.from(env));
        env.validate();
        return config;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "StorageConfig[s3Endpoint=" + s3Endpoint + ", bucket=" + bucket + ", publicBaseUrl=" + publicBaseUrl + "]";
    }
}
