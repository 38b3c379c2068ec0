package com.genpicz.common.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy production = new WebhookUrlPolicy(true);
    private final WebhookUrlPolicy development = new WebhookUrlPolicy(false);

    @Test
    void productionRefusesPlainHttp() {
        assertThat(production.checkSyntax("http://example.com/hook")).contains("webhook_url must use https");
        assertThat(refusal(production, "http://93.184.215.14/hook")).contains("webhook_url must use https");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/hook",
            "https://127.9.9.9/hook",
            "https://localhost/hook",
            "https://[::1]/hook",
            "https://0.0.0.0/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.1/hook",
            "https://172.31.255.254/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hook",
            "https://192.0.0.8/hook",
            "https://224.0.0.1/hook",
            "https://240.0.0.1/hook",
            "https://[fe80::1]/hook",
            "https://[fc00::1]/hook",
            "https://[fd12:3456::1]/hook",
            "https://[::ffff:10.0.0.1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
    })
    void productionRefusesInternalDestinations(String url) {
        assertThat(refusal(production, url)).contains("webhook_url must not point to an internal address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hook", "https://8.8.8.8:8443/callbacks?x=1", "https://[2606:4700::1111]/h"})
    void productionAcceptsHttpsToPublicAddresses(String url) {
        assertThat(refusal(production, url)).isEmpty();
    }

    @Test
    void anAcceptedDestinationCarriesTheAddressesThatWereChecked() throws RefusedDestination {
        WebhookDestination destination = production.resolveDestination("https://8.8.8.8:8443/callbacks?x=1");

        assertThat(destination.addresses()).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
        assertThat(destination.port()).isEqualTo(8443);
        assertThat(destination.https()).isTrue();
    }

    @Test
    void anIpv6DestinationNamesItsHostWithoutBrackets() throws RefusedDestination {
        WebhookDestination destination = production.resolveDestination("https://[2606:4700::1111]/h");

        assertThat(destination.host()).isEqualTo("2606:4700::1111");
        assertThat(destination.port()).isEqualTo(443);
    }

    @Test
    void aRefusedDestinationSaysWhy() {
        assertThatThrownBy(() -> production.resolveDestination("https://10.1.2.3/hook"))
                .isInstanceOf(RefusedDestination.class)
                .hasMessage("webhook_url must not point to an internal address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "/relative/path", "example.com/hook", "https:///no-host",
            "javascript:alert(1)", "http://exa mple.com/"})
    void urlsThatAreNotAbsoluteHttpUrlsAreRefusedInEveryMode(String url) {
        assertThat(production.checkSyntax(url)).isPresent();
        assertThat(development.checkSyntax(url)).isPresent();
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThat(production.checkSyntax("https://user:pass@example.com/hook"))
                .contains("webhook_url must not contain credentials");
    }

    @Test
    void developmentAllowsPlainHttpToLoopbackSoLocalReceiversWork() {
        assertThat(refusal(development, "http://127.0.0.1:8089/hook")).isEmpty();
        assertThat(refusal(development, "http://localhost:8089/hook")).isEmpty();
    }

    @Test
    void publicAddressesAreNotInternal() throws Exception {
        assertThat(WebhookUrlPolicy.isInternal(InetAddress.getByName("93.184.215.14"))).isFalse();
        assertThat(WebhookUrlPolicy.isInternal(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(WebhookUrlPolicy.isInternal(InetAddress.getByName("100.128.0.1"))).isFalse();
    }

    /** Why the policy refuses to send to {@code url} right now, or empty when it would send. */
    private static Optional<String> refusal(WebhookUrlPolicy policy, String url) {
        try {
            policy.resolveDestination(url);
            return Optional.empty();
        } catch (RefusedDestination refused) {
            return Optional.of(refused.getMessage());
        }
    }
}
