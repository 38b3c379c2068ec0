package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.ConfigException;
import com.genpicz.common.config.Env;
import com.genpicz.ingress.IngressConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which peers may tell ingress that they terminated TLS: addresses and ranges, as operators write them. */
class TrustedProxiesTest {

    @Test
    void aPeerInsideATrustedRangeIsTrustedAndOneOutsideIsNot() {
        TransportSecurity security = TransportSecurity.of(null, Set.of("10.0.0.0/8", "fd00::/8", "192.168.1.7"),
                false);

        assertThat(security.isTrusted("10.42.3.9")).isTrue();
        assertThat(security.isTrusted("fd12:3456::1")).isTrue();
        assertThat(security.isTrusted("192.168.1.7")).isTrue();
        assertThat(security.isTrusted("192.168.1.8")).isFalse();
        assertThat(security.isTrusted("11.0.0.1")).isFalse();
        assertThat(security.isTrusted("2001:db8::1")).isFalse();
    }

    @Test
    void aRangeThatIsNoRangeIsRefusedAtStartAndRepeatedOnesAreFine() {
        Map<String, String> production = Map.of("GENPICZ_INTERNAL_TOKEN", "x".repeat(32));
        Env repeated = new Env(with(production, "GENPICZ_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.0/8,172.16.0.0/12"));
        Env broken = new Env(with(production, "GENPICZ_TRUSTED_PROXIES", "10.0.0.0/99"));

        assertThat(IngressConfig.from(repeated).trustedProxies()).containsExactlyInAnyOrder("10.0.0.0/8",
                "172.16.0.0/12");
        assertThatThrownBy(() -> IngressConfig.from(broken)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GENPICZ_TRUSTED_PROXIES has '10.0.0.0/99'");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return all;
    }
}
