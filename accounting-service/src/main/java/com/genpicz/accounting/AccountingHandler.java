package com.genpicz.accounting;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventHandler;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.StageRecorder;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debits a requested generation before any compute is spent on it, and settles each generation on its first
 * outcome: a failure refunds the debit, a completion keeps it, and whatever comes after the first changes
 * nothing. The decision is stored first and the resulting event published after, so a crash in between
 * republishes the same decision. The price was already checked against the request's own parameters when the
 * event was decoded (EventInvariants).
 */
public final class AccountingHandler implements EventHandler {

    private static final Logger log = LoggerFactory.getLogger(AccountingHandler.class);

    private final CreditLedger ledger;
    private final EventPublisher publisher;
    private final TopicCatalog topics;
    private final AccountingMetrics metrics;
    private final StageRecorder stages;

    public AccountingHandler(CreditLedger ledger, EventPublisher publisher, TopicCatalog topics) {
        this(ledger, publisher, topics, AccountingMetrics.unobserved(), StageRecorder.none());
    }

    AccountingHandler(CreditLedger ledger, EventPublisher publisher, TopicCatalog topics, AccountingMetrics metrics,
                      StageRecorder stages) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
        this.stages = stages;
    }

    @Override
    public void handle(GenerationEvent event) {
        if (event instanceof GenerationRequested requested) {
            charge(requested);
        } else if (event instanceof GenerationFailed failed) {
            long refunded = ledger.settle(failed.generationId(), CreditLedger.Outcome.FAILED, failed.code());
            if (refunded > 0) {
                metrics.refunded(refunded);
                log.info("event=credits_refunded generation_id={} account_id={} credits={} reason={}",
                        failed.generationId(), failed.accountId(), refunded, failed.code());
            }
        } else if (event instanceof GenerationCompleted completed) {
            ledger.settle(completed.generationId(), CreditLedger.Outcome.COMPLETED, null);
        }
    }

    private void charge(GenerationRequested requested) {
        Instant startedAt = Instant.now();
        DebitDecision decision = ledger.debit(requested.generationId(), requested.accountId(), requested.credits());
        log.info("event=credits_decided generation_id={} account_id={} credits={} decision={}",
                requested.generationId(), requested.accountId(), requested.credits(), decision);
        metrics.decided(decision, requested.credits());
        switch (decision) {
            case AUTHORIZED -> publisher.publishAndWait(topics.generationAuthorized(), new GenerationAuthorized(
                    Identifiers.eventId(), requested.generationId(), requested.accountId(), Instant.now(),
                    requested.spec(), requested.credits(), requested.webhookUrl()));
            case INSUFFICIENT_CREDITS -> publisher.publishAndWait(topics.generationOutcomes(), new GenerationFailed(
                    Identifiers.eventId(), requested.generationId(), requested.accountId(), Instant.now(),
                    FailureCode.INSUFFICIENT_CREDITS,
                    "The account has fewer than the " + requested.credits() + " credits this generation costs.",
                    requested.webhookUrl()));
            case ALREADY_FINISHED -> {
                // Deleted or timed out before its turn came: its outcome is out already, and nothing is charged.
                return;
            }
        }
        stages.record(PipelineStage.AUTHORIZE, requested, startedAt);
    }
}
