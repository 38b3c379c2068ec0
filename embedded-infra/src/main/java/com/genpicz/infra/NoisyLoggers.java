package com.genpicz.infra;

import java.lang.reflect.Method;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Turns the chattiest server loggers (the Kafka broker prints hundreds of INFO lines while starting) down to WARN.
 *
 * <p>This module deliberately ships no logging binding, so this only acts when the application's binding is
 * Logback, and only on loggers the application has not configured itself. Reflection keeps Logback off the
 * compile classpath.
 */
final class NoisyLoggers {

    private static final List<String> NOISY = List.of(
            "kafka", "org.apache.kafka", "state.change.logger",
            "io.zonky.test.db.postgres",
            "org.gaul.s3proxy", "org.gaul.shaded");

    private NoisyLoggers() {
    }

    static void quieten() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        try {
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
            Object warn = levelClass.getField("WARN").get(null);
            for (String name : NOISY) {
                Object logger = factory.getLogger(name);
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(NoisyLoggers.class).debug("Could not lower server log levels", e);
        }
    }
}
