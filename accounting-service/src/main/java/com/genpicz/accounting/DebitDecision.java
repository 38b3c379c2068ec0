package com.genpicz.accounting;

/** What the ledger decided for one generation's debit; decisions are sticky so redeliveries get the same answer. */
public enum DebitDecision {
    AUTHORIZED,
    INSUFFICIENT_CREDITS,
    /** The generation already had an outcome (deleted, timed out) when its request arrived: nothing is charged. */
    ALREADY_FINISHED
}
