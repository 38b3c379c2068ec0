package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The logging configuration of the service images (deploy/logback.xml), loaded the way a container loads it. */
class ContainerLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE = "com.genpicz.accounting.LoggingProbe";

    @Test
    void byDefaultEveryEventIsOneJsonObjectWithTheGenerationServiceAndInstanceAndItsStackTraceInOneField() throws Exception {
        List<String> lines = logOneEventAndOneFailure(null);

        assertThat(lines).hasSize(2);
        JsonNode event = JSON.readTree(lines.get(0));
        assertThat(event.path("message").asText()).isEqualTo("event=credits_decided decision=AUTHORIZED");
        assertThat(event.path("level").asText()).isEqualTo("INFO");
        assertThat(event.path("generation_id").asText()).isEqualTo("gen_Kz9mN4pQr2xTvW");
        assertThat(event.path("account_id").asText()).isEqualTo("acct_GprxziyzYylKRR");
        assertThat(event.path("service").asText()).isEqualTo("accounting-service");
        assertThat(event.path("instance").asText()).isEqualTo("accounting-7f9c-2");
        assertThat(event.path("@timestamp").asText()).isNotEmpty();
        JsonNode failure = JSON.readTree(lines.get(1));
        assertThat(failure.path("level").asText()).isEqualTo("ERROR");
        assertThat(failure.path("stack_trace").asText()).contains("IllegalStateException: the broker is away");
    }

    @Test
    void theTextFormatIsOneReadableLinePerEvent() throws Exception {
        List<String> lines = logOneEventAndOneFailure("text");

        assertThat(lines.get(0)).contains("INFO", "event=credits_decided decision=AUTHORIZED").doesNotStartWith("{");
    }

    /** Configures a fresh logging context from deploy/logback.xml, logs, and returns what reached stdout. */
    private static List<String> logOneEventAndOneFailure(String format) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String service = System.getProperty("genpicz.service");
        String instance = System.getProperty("genpicz.instance");
        LoggerContext context = new LoggerContext();
        // The MDC the services write to is the one of the logging binding; this context reads the same.
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setProperty("genpicz.service", "accounting-service");
            System.setProperty("genpicz.instance", "accounting-7f9c-2");
            if (format != null) {
                context.putProperty("GENPICZ_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of("../deploy/logback.xml").toFile());
            // A name nothing else logs under: tests in parallel write to the same stdout.
            Logger log = context.getLogger(PROBE);
            MDC.put("generation_id", "gen_Kz9mN4pQr2xTvW");
            MDC.put("account_id", "acct_GprxziyzYylKRR");
            log.info("event=credits_decided decision={}", "AUTHORIZED");
            log.error("event=consumer_loop_stopped", new IllegalStateException("the broker is away"));
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(stdout);
            restore("genpicz.service", service);
            restore("genpicz.instance", instance);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("LoggingProbe"))
                .toList();
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
