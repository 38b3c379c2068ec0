package com.genpicz.inference.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.failures.UnexpectedEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.pipeline.ImageRenderer;
import com.genpicz.inference.pipeline.RenderException;
import com.genpicz.inference.pipeline.RenderRequest;
import com.genpicz.inference.pipeline.RenderedImage;
import com.genpicz.inference.sampling.QualityProfiles;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the libtorch side's failures reach the consumer loop. The renderer here only throws (the real one is tested
 * against libtorch elsewhere); the cases that publish a failure are covered with a real broker in
 * InferenceServiceTest.
 */
class RenderFailureMappingTest {

    private final FailedGenerations noFailures = new FailedGenerations(
            new KafkaConfig("127.0.0.1:9", "unused.", 1), TopicCatalog.withDefaultPrefix().generationOutcomes(),
            new EventCodec(), Duration.ofMinutes(1), "mapping-test");

    @AfterEach
    void close() {
        noFailures.close();
    }

    @Test
    void anEngineErrorIsUnexpectedSoTheLoopTriesAgainBeforeFailingItAsRenderFailed() {
        assertThatThrownBy(() -> handlerThrowing(RenderException.ENGINE_FAILURE).handle(authorized()))
                .isInstanceOfSatisfying(UnexpectedEventException.class, failure ->
                        org.assertj.core.api.Assertions.assertThat(failure.failureCode())
                                .isEqualTo(FailureCode.RENDER_FAILED));
    }

    @Test
    void aRendererClosedOrInterruptedByAShutdownIsAbandonedNotACustomerFailure() {
        assertThatThrownBy(() -> handlerThrowing(RenderException.RENDERER_CLOSED).handle(authorized()))
                .isInstanceOf(AbandonedEventException.class);
        assertThatThrownBy(() -> handlerThrowing(RenderException.INTERRUPTED).handle(authorized()))
                .isInstanceOf(AbandonedEventException.class);
    }

    private RenderHandler handlerThrowing(String reason) {
        ImageRenderer failing = new ImageRenderer() {
            @Override
            public RenderedImage render(RenderRequest request) {
                throw new RenderException(reason, "the render failed: " + reason);
            }

            @Override
            public List<RenderedImage> renderBatch(List<RenderRequest> requests) {
                throw new RenderException(reason, "the render failed: " + reason);
            }

            @Override
            public void close() {
            }
        };
        return new RenderHandler(failing, new RenderPlanner(QualityProfiles.DEFAULTS), null,
                TopicCatalog.withDefaultPrefix(), new InferenceMetrics(), noFailures);
    }

    private static com.genpicz.common.events.GenerationAuthorized authorized() {
        return TestEvents.authorized(TestEvents.generationId("mapping"), TestEvents.SPEC, null);
    }
}
