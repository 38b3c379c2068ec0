package com.genpicz.bench.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the fault run found, from what the platform recorded and what its customers saw: every count the issue
 * asks for, and the invariants that must hold — nothing lost, debited once, refunded when failed, every webhook
 * delivered (a duplicate only with the same {@code webhook-id}), every completed image served, no orphan image.
 */
final class Findings {

    /** Everything a run produces, gathered once it settled. */
    record Evidence(List<Audit.Row> rows, List<Traffic.Accepted> accepted, List<WebhookReceiver.Delivery> deliveries,
                    Set<String> bucketKeys, Map<String, Long> balances, Map<String, Long> netCharges,
                    List<FaultAccounts.Account> accounts, Predicate<String> imageServed,
                    List<Long> interruptionNanos, long originNanos) {
    }

    /**
     * A second delivery with the same id is excused only by an interruption that began at most five seconds
     * before the first arrival and before the second: a webhook-service instance killed, or its database stopped
     * (an outage of a few seconds), after the send and before its answer was recorded. Recording after sending is
     * what at-least-once means; an HTTP call and a commit cannot be one step.
     */
    private static final long KILL_SLACK_NANOS = 5_000_000_000L;

    final long accepted;
    final long stored;
    final long completed;
    final Map<String, Long> failedByCode;
    final List<String> lost = new ArrayList<>();
    final List<String> doubleDebits = new ArrayList<>();
    final List<String> missingRefunds = new ArrayList<>();
    final List<String> refundsNotOwed = new ArrayList<>();
    final List<String> completedUncharged = new ArrayList<>();
    final List<String> settlementDisagrees = new ArrayList<>();
    final List<String> balanceMismatches = new ArrayList<>();
    final List<String> missingWebhooks = new ArrayList<>();
    final List<String> wrongWebhooks = new ArrayList<>();
    final List<String> duplicatesSameId = new ArrayList<>();
    final List<String> duplicatesUnexplained = new ArrayList<>();
    final List<String> duplicatesOtherId = new ArrayList<>();
    final List<String> badSignatures = new ArrayList<>();
    final List<String> unfetchable = new ArrayList<>();
    final List<String> orphans = new ArrayList<>();
    final long webhookGenerations;

    Findings(Evidence evidence) {
        Map<String, Audit.Row> byId = new HashMap<>();
        evidence.rows().forEach(row -> byId.put(row.id(), row));
        accepted = evidence.accepted().size();
        stored = evidence.rows().size();
        completed = evidence.rows().stream().filter(row -> row.status().equals("completed")).count();
        failedByCode = new TreeMap<>(evidence.rows().stream().filter(row -> row.status().equals("failed"))
                .collect(Collectors.groupingBy(Audit.Row::failureCode, Collectors.counting())));
        for (Traffic.Accepted answer : evidence.accepted()) {
            if (!byId.containsKey(answer.generationId())) {
                lost.add(answer.generationId() + " (answered, never stored)");
            }
        }
        for (Audit.Row row : evidence.rows()) {
            checkLedger(row);
        }
        checkBalances(evidence);
        webhookGenerations = checkWebhooks(evidence, byId);
        checkImages(evidence, byId);
    }

    private void checkLedger(Audit.Row row) {
        if (!row.finished()) {
            lost.add(row.id() + " (" + row.status() + ")");
            return;
        }
        if (row.debits() > 1) {
            doubleDebits.add(row.id());
        }
        boolean failed = row.status().equals("failed");
        if (failed && row.debits() == 1 && row.refunds() == 0) {
            missingRefunds.add(row.id() + " (" + row.failureCode() + ")");
        }
        if (!failed && row.refunds() > 0) {
            refundsNotOwed.add(row.id());
        }
        if (!failed && row.debits() == 0) {
            completedUncharged.add(row.id());
        }
        if (row.settlement() != null && !row.settlement().equals(row.status())) {
            settlementDisagrees.add(row.id() + " (status " + row.status() + ", accounting " + row.settlement() + ")");
        }
    }

    private void checkBalances(Evidence evidence) {
        for (FaultAccounts.Account account : evidence.accounts()) {
            long expected = account.initialCredits() - evidence.netCharges().getOrDefault(account.id(), 0L);
            long actual = evidence.balances().getOrDefault(account.id(), Long.MIN_VALUE);
            if (expected != actual) {
                balanceMismatches.add(account.id() + " (ledger says " + expected + ", balance is " + actual + ")");
            }
        }
    }

    /** Returns how many generations asked for a webhook. */
    private long checkWebhooks(Evidence evidence, Map<String, Audit.Row> byId) {
        Map<String, List<WebhookReceiver.Delivery>> received = evidence.deliveries().stream()
                .collect(Collectors.groupingBy(WebhookReceiver.Delivery::generationId));
        Map<String, String> secrets = new HashMap<>();
        evidence.accounts().forEach(account -> secrets.put(account.id(), account.webhookSecret()));
        long asked = 0;
        for (Audit.Row row : evidence.rows()) {
            if (!row.webhook()) {
                continue;
            }
            asked++;
            List<WebhookReceiver.Delivery> got = received.getOrDefault(row.id(), List.of());
            boolean announced = row.finished() && !"deleted".equals(row.failureCode());
            String expectedEvent = "generation." + row.status();
            if (announced && got.stream().noneMatch(delivery -> delivery.event().equals(expectedEvent))) {
                missingWebhooks.add(row.id() + " (" + row.status() + ")");
            }
            got.stream().filter(delivery -> !announced || !delivery.event().equals(expectedEvent))
                    .forEach(delivery -> wrongWebhooks.add(row.id() + " (" + delivery.event() + " for a generation "
                            + row.status() + (row.failureCode() == null ? "" : " " + row.failureCode()) + ")"));
            if (got.size() > 1) {
                Set<String> ids = new HashSet<>();
                got.forEach(delivery -> ids.add(delivery.webhookId()));
                if (ids.size() > 1) {
                    duplicatesOtherId.add(row.id() + " x" + got.size());
                } else if (explainedByAKill(got, evidence.interruptionNanos())) {
                    duplicatesSameId.add(describeDuplicate(row.id(), got, evidence.originNanos()));
                } else {
                    duplicatesUnexplained.add(describeDuplicate(row.id(), got, evidence.originNanos()));
                }
            }
            String secret = secrets.get(row.accountId());
            got.stream().filter(delivery -> !delivery.signedWith(secret)).findFirst()
                    .ifPresent(delivery -> badSignatures.add(row.id()));
        }
        Set<String> known = byId.keySet();
        evidence.deliveries().stream().map(WebhookReceiver.Delivery::generationId).filter(id -> !known.contains(id))
                .distinct().forEach(id -> wrongWebhooks.add(id + " (no such generation)"));
        return asked;
    }

    private static String describeDuplicate(String id, List<WebhookReceiver.Delivery> got, long originNanos) {
        return id + " x" + got.size() + " (arrived at " + got.stream()
                .map(delivery -> String.format("%.1f s", (delivery.receivedNanos() - originNanos) / 1e9))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static boolean explainedByAKill(List<WebhookReceiver.Delivery> got, List<Long> kills) {
        long first = got.stream().mapToLong(WebhookReceiver.Delivery::receivedNanos).min().orElseThrow();
        long last = got.stream().mapToLong(WebhookReceiver.Delivery::receivedNanos).max().orElseThrow();
        return kills.stream().anyMatch(kill -> kill >= first - KILL_SLACK_NANOS && kill <= last);
    }

    private void checkImages(Evidence evidence, Map<String, Audit.Row> byId) {
        for (Audit.Row row : evidence.rows()) {
            if (row.status().equals("completed") && !row.deleted() && !evidence.imageServed().test(row.imageUrl())) {
                unfetchable.add(row.id());
            }
        }
        for (String key : evidence.bucketKeys()) {
            Audit.Row row = byId.get(generationOf(key));
            if (row == null || !row.status().equals("completed") || row.deleted()) {
                orphans.add(key + (row == null ? " (no generation)" : " (" + row.status()
                        + (row.deleted() ? ", deleted" : "") + ")"));
            }
        }
    }

    /** {@code gen/Kz9mN4pQr2xTvW.png} belongs to {@code gen_Kz9mN4pQr2xTvW}. */
    static String generationOf(String objectKey) {
        String name = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        return "gen_" + (dot < 0 ? name : name.substring(0, dot));
    }

    /** The invariants that broke, each with how many times; empty when the run passed. */
    Map<String, Integer> violations() {
        Map<String, Integer> broken = new java.util.LinkedHashMap<>();
        addIfAny(broken, "lost", lost);
        addIfAny(broken, "double debits", doubleDebits);
        addIfAny(broken, "missing refunds", missingRefunds);
        addIfAny(broken, "refunds not owed", refundsNotOwed);
        addIfAny(broken, "completed without a debit", completedUncharged);
        addIfAny(broken, "accounting disagrees with the status", settlementDisagrees);
        addIfAny(broken, "balances that do not match the ledger", balanceMismatches);
        addIfAny(broken, "missing webhooks", missingWebhooks);
        addIfAny(broken, "webhooks for the wrong outcome", wrongWebhooks);
        addIfAny(broken, "duplicate webhooks with different ids", duplicatesOtherId);
        addIfAny(broken, "duplicate webhooks with nothing interrupted in between", duplicatesUnexplained);
        addIfAny(broken, "webhooks with a bad signature", badSignatures);
        addIfAny(broken, "completed images not fetchable", unfetchable);
        addIfAny(broken, "orphan objects", orphans);
        return broken;
    }

    private static void addIfAny(Map<String, Integer> broken, String name, List<String> found) {
        if (!found.isEmpty()) {
            broken.put(name, found.size());
        }
    }
}
