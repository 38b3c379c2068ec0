package com.genpicz.storage;

import com.genpicz.common.operations.ReadinessCheck;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The image bucket, through the MinIO client so that the same code talks to MinIO in production and to the
 * embedded S3 server locally. Objects are written with a public-read ACL: image URLs are capability URLs
 * (unguessable ids) that clients fetch without credentials, as the API reference shows.
 */
public final class ImageStore implements AutoCloseable {

    private final MinioClient client;
    private final String bucket;
    private final Timer uploads;
    private final Timer failedUploads;
    private final DistributionSummary uploadedBytes;

    public ImageStore(StorageConfig config) {
        this(config, new CompositeMeterRegistry());
    }

    /** With upload latency (by outcome) and size recorded in {@code meters}. */
    public ImageStore(StorageConfig config, MeterRegistry meters) {
        this.uploads = uploadTimer(meters, "stored");
        this.failedUploads = uploadTimer(meters, "failed");
        this.uploadedBytes = DistributionSummary.builder("genpicz.storage.upload.size").baseUnit("bytes")
                .description("Size of each stored image").register(meters);
        this.client = MinioClient.builder()
                .endpoint(config.s3Endpoint())
                .credentials(config.s3AccessKey(), config.s3SecretKey())
                .region(config.s3Region())
                .build();
        this.bucket = config.bucket();
    }

    public void ensureBucket() {
        call("creating bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    // Another instance starting at the same moment made it first: that is what we wanted.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    private static Timer uploadTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("genpicz.storage.upload").tag("outcome", outcome)
                .description("Time to store one image in the bucket, by outcome").publishPercentileHistogram()
                .register(meters);
    }

    /** For readiness: the bucket answers and exists. */
    public ReadinessCheck readinessCheck() {
        return () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                throw new IllegalStateException("the bucket " + bucket + " does not exist");
            }
        };
    }

    /** Idempotent: writing the same key again replaces the object with the same bytes. */
    public void putPng(String objectKey, byte[] png) {
        long started = System.nanoTime();
        try {
            store(objectKey, png);
            uploads.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            uploadedBytes.record(png.length);
        } catch (RuntimeException e) {
            failedUploads.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    private void store(String objectKey, byte[] png) {
        call("storing " + objectKey, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(objectKey)
                .stream(new ByteArrayInputStream(png), png.length, -1)
                .contentType("image/png")
                .headers(Map.of("x-amz-acl", "public-read", "Cache-Control", "public, max-age=31536000, immutable"))
                .build()));
    }

    /** Idempotent: deleting a missing object succeeds. */
    public void delete(String objectKey) {
        call("deleting " + objectKey, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(objectKey).build());
            return null;
        });
    }

    private static <T> T call(String what, S3Call<T> call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw S3Failures.classify(what, e);
        } catch (IOException | MinioException | GeneralSecurityException e) {
            throw S3Failures.classify(what, e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // Closing only releases OkHttp threads; nothing is lost if it fails.
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws IOException, MinioException, GeneralSecurityException, InterruptedException;
    }
}
