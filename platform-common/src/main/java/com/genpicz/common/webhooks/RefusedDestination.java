package com.genpicz.common.webhooks;

/** A webhook URL that GenPicz will not call; the message says why, in words a customer can act on. */
public final class RefusedDestination extends Exception {

    public RefusedDestination(String reason) {
        super(reason, null, false, false);
    }
}
