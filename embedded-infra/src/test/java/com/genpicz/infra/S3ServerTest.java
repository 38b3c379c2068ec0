package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/** Uses the AWS SDK that S3Proxy itself depends on as a real SigV4 client. */
class S3ServerTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void publicReadObjectIsServedAnonymouslyWhilePrivateOneIsNot() throws Exception {
        try (S3Server s3 = S3Server.start(null, 0, "access", "secret-key");
             S3Client client = client(s3)) {
            assertThat(s3.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
            client.createBucket(b -> b.bucket("images"));
            client.putObject(p -> p.bucket("images").key("public.png").acl(ObjectCannedACL.PUBLIC_READ),
                    RequestBody.fromString("png bytes"));
            client.putObject(p -> p.bucket("images").key("private.png"), RequestBody.fromString("secret"));

            HttpResponse<String> publicGet = anonymousGet(s3.endpoint() + "/images/public.png");
            HttpResponse<String> privateGet = anonymousGet(s3.endpoint() + "/images/private.png");

            assertThat(publicGet.statusCode()).isEqualTo(200);
            assertThat(publicGet.body()).isEqualTo("png bytes");
            assertThat(privateGet.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void objectsInADataDirectorySurviveARestart() {
        try (S3Server s3 = S3Server.start(dataDir, 0, "access", "secret-key"); S3Client client = client(s3)) {
            client.createBucket(b -> b.bucket("archive"));
            client.putObject(p -> p.bucket("archive").key("a/b.txt"), RequestBody.fromString("kept"));
        }
        try (S3Server s3 = S3Server.start(dataDir, 0, "access", "secret-key"); S3Client client = client(s3)) {
            String body = client.getObjectAsBytes(g -> g.bucket("archive").key("a/b.txt")).asString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("kept");
        }
    }

    @Test
    void requestsSignedWithAWrongSecretAreRejected() {
        try (S3Server s3 = S3Server.start(null, 0, "access", "secret-key");
             S3Client wrong = S3Client.builder()
                     .endpointOverride(URI.create(s3.endpoint()))
                     .region(Region.US_EAST_1)
                     .forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "nope")))
                     .build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.createBucket(b -> b.bucket("denied")))
                    .hasMessageContaining("403");
        }
    }

    static S3Client client(S3Server s3) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }

    private HttpResponse<String> anonymousGet(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
