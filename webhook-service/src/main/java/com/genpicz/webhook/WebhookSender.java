package com.genpicz.webhook;

import com.genpicz.common.webhooks.RefusedDestination;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends webhooks with OkHttp, keeping what the hand-written client before it guaranteed against SSRF: every host
 * name is resolved once per connection by {@link WebhookUrlPolicy} (internal addresses refused in production) and
 * OkHttp connects only to the addresses that check returned; an IP-literal URL, which OkHttp does not resolve, is
 * checked before the call; TLS verifies the certificate against the URL's host; redirects are never followed; a
 * failed connection is never retried by the client (a request is sent at most once per attempt). Only a bounded
 * part of the answer is read, within the attempt's time limit.
 */
final class WebhookSender implements AutoCloseable {

    /** How an attempt went, as far as the sender could tell. */
    enum Kind {
        /** The receiver answered with a status. */
        ANSWERED,
        /** No answer within the time limit (connected or not). */
        TIMED_OUT,
        /** No connection could be made. */
        UNREACHABLE,
        /** The destination may not be called at all (internal address in production, not a valid URL). */
        REFUSED
    }

    /** The outcome of one attempt. */
    record Result(Kind kind, int status, Duration retryAfter, String error, long latencyMillis) {
        boolean accepted() {
            return kind == Kind.ANSWERED && status / 100 == 2;
        }
    }

    private static final MediaType JSON = MediaType.get("application/json");
    private static final long MAX_ANSWER_BYTES = 64 * 1024;

    private final WebhookUrlPolicy policy;
    private final OkHttpClient client;

    WebhookSender(WebhookUrlPolicy policy, Duration timeout, int concurrency, int perDestination,
                  SSLContext tls, X509TrustManager trust) {
        this.policy = policy;
        Dispatcher dispatcher = new Dispatcher();
        // webhook-service's dispatcher enforces both limits itself, per scheme, host and port. OkHttp's per-host
        // limit counts by host name alone (every receiver on one address would share it), so it only backs up the
        // total here.
        dispatcher.setMaxRequests(concurrency);
        dispatcher.setMaxRequestsPerHost(concurrency);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.min(concurrency, 256), 30, TimeUnit.SECONDS))
                .dns(this::checkedAddresses)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout);
        if (tls != null && trust != null) {
            builder.sslSocketFactory(tls.getSocketFactory(), trust);
        }
        this.client = builder.build();
    }

    /** Resolves a host once for a new connection; refused hosts fail the connection as a refusal. */
    private List<InetAddress> checkedAddresses(String host) throws UnknownHostException {
        try {
            return policy.checkedAddresses(host);
        } catch (RefusedDestination refused) {
            throw new RefusedHost(refused.getMessage());
        }
    }

    /** A host the policy refused, carried through OkHttp's Dns interface. */
    static final class RefusedHost extends UnknownHostException {
        RefusedHost(String reason) {
            super(reason);
        }
    }

    CompletableFuture<Result> send(String url, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        try {
            policy.checkLiteralAddress(url);
        } catch (RefusedDestination refused) {
            return CompletableFuture.completedFuture(new Result(Kind.REFUSED, 0, null, refused.getMessage(), 0));
        }
        Request.Builder request;
        try {
            request = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        } catch (IllegalArgumentException notAUrl) {
            return CompletableFuture.completedFuture(new Result(Kind.REFUSED, 0, null, notAUrl.getMessage(), 0));
        }
        headers.forEach(request::header);
        CompletableFuture<Result> result = new CompletableFuture<>();
        client.newCall(request.build()).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response; ResponseBody answer = response.body()) {
                    answer.source().request(MAX_ANSWER_BYTES);
                    result.complete(new Result(Kind.ANSWERED, response.code(),
                            RetrySchedule.parseRetryAfter(response.header("Retry-After"), Instant.now()),
                            response.isSuccessful() ? null : "HTTP " + response.code(), millisSince(started)));
                } catch (IOException e) {
                    // The status arrived; the body did not, in time. The status is what counts.
                    result.complete(new Result(Kind.ANSWERED, response.code(), null,
                            response.isSuccessful() ? null : "HTTP " + response.code(), millisSince(started)));
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                result.complete(new Result(kindOf(e), 0, null, e.toString(), millisSince(started)));
            }
        });
        return result;
    }

    private static Kind kindOf(IOException failure) {
        if (failure instanceof RefusedHost) {
            return Kind.REFUSED;
        }
        if (failure instanceof SocketTimeoutException || failure instanceof InterruptedIOException) {
            return Kind.TIMED_OUT;
        }
        if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
            return Kind.UNREACHABLE;
        }
        return Kind.UNREACHABLE;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
