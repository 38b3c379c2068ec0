package com.genpicz.common.kafka;

import com.genpicz.common.events.EventInvariants;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.ImageRendered;
import com.genpicz.common.failures.EventFailure;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicSpec;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer loop does when it gives up on a record: copy it to the dead-letter topic and — in a stage that
 * works on generations (accounting's debit, inference, storage) — publish {@code generation.failed} for the
 * generation it names, so that the refund, the status and the webhook follow as for any other failure. Loops that
 * only observe outcomes dead-letter alone: failing a generation again from an outcome would feed a loop.
 *
 * <p>A record that cannot be decoded names no trustworthy generation: it is only dead-lettered, and the sweeper
 * times the generation out if it was real. An event that broke the contract fails its generation without a
 * webhook, since nothing in it, the destination included, can be believed.
 */
public final class GiveUps {

    private final DeadLetterPublisher deadLetters;
    private final EventPublisher publisher;
    private final TopicSpec outcomes;

    private GiveUps(DeadLetterPublisher deadLetters, EventPublisher publisher, TopicSpec outcomes) {
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.outcomes = outcomes;
    }

    /** For loops that observe outcomes: a record given up is dead-lettered, nothing more. */
    public static GiveUps deadLetterOnly(DeadLetterPublisher deadLetters) {
        return new GiveUps(deadLetters, null, null);
    }

    /** For pipeline stages: a generation whose event is given up is failed on {@code outcomes}. */
    public static GiveUps failingGenerations(DeadLetterPublisher deadLetters, EventPublisher publisher,
                                             TopicSpec outcomes) {
        return new GiveUps(deadLetters, publisher, outcomes);
    }

    /**
     * Fails the generation (where this loop may) and dead-letters the record; throws a classified failure when
     * either could not be published, so the record is tried again rather than committed past.
     *
     * @param event the decoded event, or null when the record could not be decoded
     */
    void giveUp(ConsumerRecord<String, byte[]> record, GenerationEvent event, Throwable failure, String loopName) {
        failureFor(event, failure).ifPresent(failed -> publisher.publishAndWait(outcomes, failed));
        deadLetters.send(record, loopName, failure);
    }

    /** The {@code generation.failed} a give-up publishes, if any. */
    Optional<GenerationFailed> failureFor(GenerationEvent event, Throwable failure) {
        if (publisher == null || !isWorkOnAGeneration(event)) {
            return Optional.empty();
        }
        FailureCode code = failure instanceof EventFailure classified ? classified.failureCode() : FailureCode.INTERNAL_ERROR;
        String webhookUrl = code == FailureCode.INVALID_EVENT ? null : webhookUrlOf(event);
        GenerationFailed failed = new GenerationFailed(Identifiers.eventId(), event.generationId(), event.accountId(),
                Instant.now(), code, messageFor(code), webhookUrl);
        return EventInvariants.problems(failed).isEmpty() ? Optional.of(failed) : Optional.empty();
    }

    private static boolean isWorkOnAGeneration(GenerationEvent event) {
        return event instanceof GenerationRequested || event instanceof GenerationAuthorized
                || event instanceof ImageRendered;
    }

    private static String webhookUrlOf(GenerationEvent event) {
        if (event instanceof GenerationRequested requested) {
            return requested.webhookUrl();
        }
        if (event instanceof GenerationAuthorized authorized) {
            return authorized.webhookUrl();
        }
        return ((ImageRendered) event).webhookUrl();
    }

    private static String messageFor(FailureCode code) {
        return switch (code) {
            case INVALID_EVENT -> "GenPicz refused an internal message about this generation, so it was not finished;"
                    + " any credits it cost are refunded.";
            case IMAGE_TOO_LARGE -> "The rendered image is too large to store; any credits it cost are refunded.";
            case RENDER_FAILED -> "The image could not be rendered; any credits it cost are refunded.";
            default -> "GenPicz could not finish this generation; any credits it cost are refunded.";
        };
    }
}
