package com.genpicz.bench.ingress;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Generations created during the write phase (owner key and id), up to a fixed number, for the read phase. */
final class GenerationIds {

    private final int[] owners;
    private final String[] ids;
    private final AtomicInteger size = new AtomicInteger();

    GenerationIds(int capacity) {
        this.owners = new int[capacity];
        this.ids = new String[capacity];
    }

    void add(int ownerKeyIndex, String generationId) {
        int slot = size.getAndIncrement();
        if (slot < ids.length) {
            owners[slot] = ownerKeyIndex;
            ids[slot] = generationId;
        }
    }

    int size() {
        return Math.min(size.get(), ids.length);
    }

    /** A random stored slot; only call once writing has finished. */
    int randomSlot() {
        return ThreadLocalRandom.current().nextInt(size());
    }

    int owner(int slot) {
        return owners[slot];
    }

    String id(int slot) {
        return ids[slot];
    }
}
