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

    /** Resolves a host name to its addresses; the JDK's resolver in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean production;
    private final Resolver resolver;

    public WebhookUrlPolicy(boolean production) {
        this(production, InetAddress::getAllByName);
    }

    public WebhookUrlPolicy(boolean production, Resolver resolver) {
        this.production = production;
        this.resolver = resolver;
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
            addresses = List.of(resolver.resolve(uri.getHost()));
        } catch (UnknownHostException e) {
            throw new RefusedDestination("webhook_url host does not resolve");
        }
        if (production && addresses.stream().anyMatch(WebhookUrlPolicy::isInternal)) {
            throw new RefusedDestination("webhook_url must not point to an internal address");
        }
        return new WebhookDestination(uri, addresses);
    }

    /**
     * The addresses of {@code host}, resolved now, refused in production when any is internal: what an HTTP client's
     * resolver returns so that it connects only to checked addresses.
     */
    public List<InetAddress> checkedAddresses(String host) throws RefusedDestination {
        List<InetAddress> addresses;
        try {
            addresses = List.of(resolver.resolve(host));
        } catch (UnknownHostException e) {
            throw new RefusedDestination("webhook_url host does not resolve");
        }
        if (production && addresses.stream().anyMatch(WebhookUrlPolicy::isInternal)) {
            throw new RefusedDestination("webhook_url must not point to an internal address");
        }
        return addresses;
    }

    /**
     * Checks the URL's form and, when its host is an IP address (which HTTP clients connect to without asking a
     * resolver), that address; host names are checked when they are resolved ({@link #checkedAddresses}).
     */
    public void checkLiteralAddress(String url) throws RefusedDestination {
        Optional<String> syntax = checkSyntax(url);
        if (syntax.isPresent()) {
            throw new RefusedDestination(syntax.get());
        }
        String host = URI.create(url).getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (production && isIpLiteral(bare) && checkedAddresses(bare).stream().anyMatch(WebhookUrlPolicy::isInternal)) {
            throw new RefusedDestination("webhook_url must not point to an internal address");
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
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
