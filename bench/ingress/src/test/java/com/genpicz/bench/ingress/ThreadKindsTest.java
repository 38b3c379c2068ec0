package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadKindsTest {

    @Test
    void osThreadNamesMapToTheTablesParts() {
        assertThat(ThreadKinds.of("JettyServerThre/101")).isEqualTo(ThreadKinds.HTTP_SERVER);
        assertThat(ThreadKinds.of("bench-client/7")).isEqualTo(ThreadKinds.LOAD_CLIENT);
        assertThat(ThreadKinds.of("outbox-relay/9")).isEqualTo(ThreadKinds.SERVICE_BACKGROUND);
        assertThat(ThreadKinds.of("ingress-intake-/14")).isEqualTo(ThreadKinds.SERVICE_BACKGROUND);
        assertThat(ThreadKinds.of("data-plane-kafk/10")).isEqualTo(ThreadKinds.BROKER);
        assertThat(ThreadKinds.of("C2 CompilerThre/11")).isEqualTo(ThreadKinds.JIT);
        assertThat(ThreadKinds.of("GC Thread#0/12")).isEqualTo(ThreadKinds.GC);
        assertThat(ThreadKinds.of("something else/13")).isEqualTo(ThreadKinds.OTHER_JVM);
    }
}
