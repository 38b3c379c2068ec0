package com.genpicz.bench.ingress;

import java.util.List;

/** Sorts this JVM's threads, by their (15-character) OS names, into the parts the CPU table shows. */
final class ThreadKinds {

    static final String LOAD_CLIENT = "load client";
    static final String HTTP_SERVER = "ingress HTTP (Jetty)";
    static final String SERVICE_BACKGROUND = "ingress background (batch writers, Kafka clients, outbox relay, Hikari)";
    static final String BROKER = "Kafka broker";
    static final String JIT = "JVM JIT compilers (warm-up)";
    static final String GC = "JVM GC";
    static final String OTHER_JVM = "other / exited JVM threads";
    static final List<String> ALL = List.of(LOAD_CLIENT, HTTP_SERVER, SERVICE_BACKGROUND, BROKER, GC, JIT, OTHER_JVM);

    private ThreadKinds() {
    }

    /** {@code thread} is "name/tid". */
    static String of(String thread) {
        String name = thread.substring(0, thread.lastIndexOf('/'));
        if (name.startsWith(HttpLoad.THREAD_NAME)) {
            return LOAD_CLIENT;
        }
        if (name.startsWith("JettyServerThr") || name.startsWith("qtp") || name.startsWith("Jetty")) {
            return HTTP_SERVER;
        }
        // "ingress…" covers the service's batch writers ("ingress-intake-writer"), consumer loops and its Hikari
        // pool's threads ("ingress:connection-adder").
        if (name.startsWith("ingress") || name.startsWith("kafka-producer") || name.startsWith("outbox-relay")
                || name.startsWith("completion-wait") || name.startsWith("consumer_backg")) {
            return SERVICE_BACKGROUND;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return GC;
        }
        if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.startsWith("broker-")
                || name.startsWith("controller-") || name.startsWith("raft-") || name.startsWith("quorum")
                || name.startsWith("ExpirationReap") || name.startsWith("executor-") || name.startsWith("LogDirFail")
                || name.startsWith("ThrottledChann") || name.startsWith("group-coordina") || name.startsWith("share-")
                || name.startsWith("transaction-")) {
            return BROKER;
        }
        return OTHER_JVM;
    }
}
