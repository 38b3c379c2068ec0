package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a TCP port on the loopback interface that is free right now. */
public final class FreePort {

    private FreePort() {
    }

    /** Returns {@code requested} unless it is 0, in which case a currently free port is picked. */
    public static int orPick(int requested) {
        return requested != 0 ? requested : pick();
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }
}
