package com.genpicz.common.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a webhook may be sent: its URL and the addresses its host resolved to when the destination was checked. A
 * sender connects only to these, never resolving the host again, so a DNS answer that changes after the check
 * (DNS rebinding) cannot steer the request into an internal network.
 *
 * @param uri the webhook URL
 * @param addresses the checked addresses, in the resolver's order (at least one)
 */
public record WebhookDestination(URI uri, List<InetAddress> addresses) {

    public WebhookDestination {
        Objects.requireNonNull(uri, "uri");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a destination needs at least one address");
        }
    }

    /** The URL's host name or address, without the brackets a URL puts around an IPv6 address. */
    public String host() {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public boolean https() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** The URL's port, or the scheme's default. */
    public int port() {
        return uri.getPort() >= 0 ? uri.getPort() : https() ? 443 : 80;
    }
}
