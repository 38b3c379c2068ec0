package com.genpicz.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingRendererTest {

    /** Passes calls to the real pipeline and records the size of every batch it is given. */
    private static final class RecordingRenderer implements ImageRenderer {
        final List<List<RenderRequest>> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public RenderedImage render(RenderRequest request) {
            return renderBatch(List.of(request)).get(0);
        }

        @Override
        public List<RenderedImage> renderBatch(List<RenderRequest> requests) {
            batches.add(requests);
            return SharedPipeline.get().renderBatch(requests);
        }

        @Override
        public void close() {
            // the shared pipeline outlives this test
        }
    }

    private final RecordingRenderer recorder = new RecordingRenderer();
    private final ExecutorService clients = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private List<Future<RenderedImage>> submitTogether(BatchingRenderer renderer, List<RenderRequest> requests) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RenderedImage>> results = new ArrayList<>();
        for (RenderRequest request : requests) {
            results.add(clients.submit(() -> {
                start.await();
                return renderer.render(request);
            }));
        }
        start.countDown();
        return results;
    }

    @Test
    void concurrentCompatibleRequestsRunAsOneBatchWithUnchangedImages() throws Exception {
        List<RenderRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(new RenderRequest("a red cat " + i, "", 512, 512, 2, 7.5, 100 + i, "ddim"));
        }
        try (BatchingRenderer renderer = new BatchingRenderer(recorder, 4, Duration.ofSeconds(30))) {
            List<Future<RenderedImage>> results = submitTogether(renderer, requests);
            for (int i = 0; i < requests.size(); i++) {
                RenderedImage batched = results.get(i).get();
                RenderedImage alone = SharedPipeline.get().render(requests.get(i));
                assertThat(Pngs.maxChannelDifference(batched, alone)).isLessThanOrEqualTo(1);
            }
        }
        // A full batch leaves at once, long before the 30 s wait.
        assertThat(recorder.batches).hasSize(1);
        assertThat(recorder.batches.get(0)).hasSize(4);
    }

    @Test
    void requestsOfDifferentShapesAreNeverMixed() throws Exception {
        List<RenderRequest> requests = List.of(
                new RenderRequest("a tree", "", 512, 512, 1, 7.5, 1, "ddim"),
                new RenderRequest("a tree", "", 768, 512, 1, 7.5, 2, "ddim"),
                new RenderRequest("a tree", "", 512, 512, 1, 7.5, 3, "euler_a"),
                new RenderRequest("a tree", "", 512, 512, 1, 7.5, 4, "ddim"));
        try (BatchingRenderer renderer = new BatchingRenderer(recorder, 4, Duration.ofMillis(200))) {
            for (Future<RenderedImage> result : submitTogether(renderer, requests)) {
                assertThat(result.get().png()).isNotEmpty();
            }
        }
        for (List<RenderRequest> batch : recorder.batches) {
            assertThat(batch).extracting(r -> r.width() + "x" + r.height() + " " + r.sampler()).containsOnly(
                    batch.get(0).width() + "x" + batch.get(0).height() + " " + batch.get(0).sampler());
        }
        assertThat(recorder.batches.stream().mapToInt(List::size).sum()).isEqualTo(4);
    }

    @Test
    void invalidRequestFailsAloneAndAtOnce() {
        try (BatchingRenderer renderer = new BatchingRenderer(recorder, 4, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> renderer.render(new RenderRequest("a", "", 100, 512, 1, 7.5, 1, "ddim")))
                    .isInstanceOfSatisfying(RenderException.class,
                            e -> assertThat(e.reason()).isEqualTo(RenderException.INVALID_REQUEST));
        }
        assertThat(recorder.batches).isEmpty();
    }

    @Test
    void closedRendererRefusesRequests() {
        BatchingRenderer renderer = new BatchingRenderer(recorder, 4, Duration.ofMillis(10));
        renderer.close();
        assertThatThrownBy(() -> renderer.render(new RenderRequest("a", "", 512, 512, 1, 7.5, 1, "ddim")))
                .isInstanceOfSatisfying(RenderException.class,
                        e -> assertThat(e.reason()).isEqualTo(RenderException.RENDERER_CLOSED));
    }
}
