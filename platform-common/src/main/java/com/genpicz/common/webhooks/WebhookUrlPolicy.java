package com.genpicz.common.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which webhook URLs GenPicz may call. In production only HTTPS URLs whose host resolves to public
 * addresses are allowed, so a customer cannot make the platform call into its own network (SSRF). Development
 * mode allows plain HTTP and loopback so that the local stack and tests can receive callbacks.
 */
public final class WebhookUrlPolicy {

    private final boolean production;

    public WebhookUrlPolicy(boolean production) {
        this.production = production;
    }

    /** Checks the URL's form; returns why it is refused, or empty when it is acceptable. */
    public Optional<String> checkSyntax(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Optional.of("webhook_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("webhook_url must be an absolute https:// URL");
        }
        if (scheme.equals("http") && production) {
            return Optional.of("webhook_url must use https");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("webhook_url must not contain credentials");
        }
        return Optional.empty();
    }

    /**
     * Resolves the URL's host once and, in production, refuses it when any address is internal. Send only to the
     * returned addresses: resolving again at connect time would let a rebinding DNS server pass this check with a
     * public address and then answer the connection with an internal one.
     */
    public WebhookDestination resolveDestination(String url) throws RefusedDestination {
        Optional<String> syntax = checkSyntax(url);
        if (syntax.isPresent()) {
            throw new RefusedDestination(syntax.get());
        }
        URI uri = URI.create(url);
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(uri.getHost()));
        } catch (UnknownHostException e) {
            throw new RefusedDestination("webhook_url host does not resolve");
        }
        if (production && addresses.stream().anyMatch(WebhookUrlPolicy::isInternal)) {
            throw new RefusedDestination("webhook_url must not point to an internal address");
        }
        return new WebhookDestination(uri, addresses);
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || first >= 240;
    }
}
