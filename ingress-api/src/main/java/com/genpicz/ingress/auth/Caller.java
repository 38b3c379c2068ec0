package com.genpicz.ingress.auth;

import com.genpicz.ingress.accounts.Plan;

/** Who is calling: the authenticated key, its account and what the account's plan allows. */
public record Caller(String keyId, String accountId, Plan plan, int requestsPerMinute) {
}
