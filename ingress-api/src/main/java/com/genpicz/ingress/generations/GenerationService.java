package com.genpicz.ingress.generations;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.ingress.auth.Caller;
import com.genpicz.ingress.errors.ConflictException;
import com.genpicz.ingress.errors.InsufficientCreditsException;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.errors.PlanNotAllowedException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts generations: checks what the plan allows, stores the generation together with its request event
 * (outbox) if the balance covers it, and — for synchronous calls — waits for the outcome up to a bound. The
 * balance check is a guard against obvious overdraft; accounting's debit is the authoritative one.
 */
public final class GenerationService {

    private static final Logger log = LoggerFactory.getLogger(GenerationService.class);

    private final GenerationStore store;
    private final OutboxRelay relay;
    private final CompletionWaiter waiter;
    private final TopicCatalog topics;
    private final EventCodec codec;
    private final Duration syncWait;

    public GenerationService(GenerationStore store, OutboxRelay relay,
                             CompletionWaiter waiter, TopicCatalog topics, EventCodec codec, Duration syncWait) {
        this.store = store;
        this.relay = relay;
        this.waiter = waiter;
        this.topics = topics;
        this.codec = codec;
        this.syncWait = syncWait;
    }

    /** The accepted (or replayed) generation and, for synchronous calls, a future of its final state. */
    public record Accepted(Generation generation, CompletableFuture<Generation> outcome) {
    }

    public Accepted accept(Caller caller, GenerateCommand command, byte[] fingerprint) {
        if (command.spec().upscale() && !caller.plan().allowsUpscale()) {
            throw new PlanNotAllowedException("upscale is available on the Studio plan only.", "upscale");
        }
        int credits = PriceTable.creditsFor(command.spec());
        Generation generation = new Generation(Identifiers.generationId(), caller.accountId(), "queued",
                command.spec(), command.webhookUrl(), credits, null, null, null, null,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        CompletableFuture<GenerationEvent> outcome = command.respondAsync() ? null : waiter.register(generation.id());
        GenerationStore.Insertion insertion;
        try {
            insertion = store.insert(generation, command.idempotencyKey(), fingerprint, requestMessage(generation));
        } catch (RuntimeException e) {
            cancel(outcome);
            throw e;
        }
        if (insertion.outcome() == GenerationStore.Outcome.REPLAYED
                || insertion.outcome() == GenerationStore.Outcome.REPLAYED_DELETED) {
            cancel(outcome);
            return replay(insertion, fingerprint);
        }
        if (insertion.outcome() == GenerationStore.Outcome.INSUFFICIENT_CREDITS) {
            cancel(outcome);
            throw new InsufficientCreditsException("This generation costs " + credits + " credits; the account has "
                    + insertion.balance() + ".");
        }
        relay.wake();
        log.info("event=generation_accepted generation_id={} account_id={} credits={} async={}",
                generation.id(), caller.accountId(), credits, command.respondAsync());
        return new Accepted(generation, outcome == null ? null : outcomeOf(generation, outcome));
    }

    public Generation find(Caller caller, String generationId) {
        return store.find(caller.accountId(), generationId)
                .orElseThrow(() -> new NotFoundException("No generation with id '" + generationId + "'."));
    }

    /**
     * Deletes the generation and, through storage-service, its image. One not finished yet fails with
     * {@code deleted} first: it is not rendered or stored after that, sends no webhook, and is refunded.
     * Other accounts' ids are reported missing.
     */
    public void delete(Caller caller, String generationId) {
        Generation generation = find(caller, generationId);
        GenerationDeleted event = new GenerationDeleted(Identifiers.eventId(), generation.id(), caller.accountId(),
                Instant.now(), generation.objectKey());
        GenerationFailed failure = new GenerationFailed(Identifiers.eventId(), generation.id(), caller.accountId(),
                Instant.now(), FailureCode.DELETED, "The generation was deleted before it completed.",
                generation.webhookUrl());
        if (!store.delete(caller.accountId(), generationId, OutboxMessage.of(topics.generationDeleted(), event, codec),
                OutboxMessage.of(topics.generationOutcomes(), failure, codec))) {
            throw new NotFoundException("No generation with id '" + generationId + "'.");
        }
        relay.wake();
        log.info("event=generation_deleted generation_id={} account_id={}", generationId, caller.accountId());
    }

    private Accepted replay(GenerationStore.Insertion insertion, byte[] fingerprint) {
        if (insertion.storedFingerprint() != null && !MessageDigest.isEqual(insertion.storedFingerprint(), fingerprint)) {
            throw new ConflictException("idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request body.", "Idempotency-Key");
        }
        if (insertion.outcome() == GenerationStore.Outcome.REPLAYED_DELETED) {
            throw new NotFoundException("The generation this Idempotency-Key created ('" + insertion.generation().id()
                    + "') was deleted.");
        }
        return new Accepted(insertion.generation(), null);
    }

    private CompletableFuture<Generation> outcomeOf(Generation generation, CompletableFuture<GenerationEvent> outcome) {
        return outcome
                .orTimeout(syncWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((event, error) -> {
                    if (error != null) {
                        outcome.cancel(false);
                        if (!(error instanceof TimeoutException)) {
                            log.warn("event=sync_wait_failed generation_id={} reason=\"{}\"", generation.id(), error.toString());
                        }
                        return generation;
                    }
                    if (event instanceof GenerationCompleted completed) {
                        return generation.completed(completed.imageUrl(), completed.objectKey(), completed.occurredAt());
                    }
                    GenerationFailed failed = (GenerationFailed) event;
                    return generation.failed(failed.code().wireName(), failed.message(), failed.occurredAt());
                });
    }

    private OutboxMessage requestMessage(Generation generation) {
        GenerationRequested event = new GenerationRequested(Identifiers.eventId(), generation.id(),
                generation.accountId(), generation.createdAt(), generation.spec(), generation.creditsUsed(),
                generation.webhookUrl());
        return OutboxMessage.of(topics.generationRequested(), event, codec);
    }

    private static void cancel(CompletableFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
