package com.genpicz.accounting;

/** What the ledger decided for one generation's debit; decisions are sticky so redeliveries get the same answer. */
public enum DebitDecision {
    AUTHORIZED,
    INSUFFICIENT_CREDITS
}
