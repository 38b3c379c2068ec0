package com.genpicz.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks, before anything starts, that the local stack's fixed ports are free. Without it a taken port surfaced
 * as 45 s of stack traces from whichever server tried it first, and an API-port clash left a JVM that never
 * exited.
 */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Throws one problem per taken port, each naming the variable that moves it. */
    static void requireFree(Map<String, Integer> portsByVariable) {
        List<String> problems = new ArrayList<>();
        portsByVariable.forEach((variable, port) -> {
            if (!isFree(port)) {
                problems.add("port " + port + " is in use by another program; set " + variable
                        + " to a free port (or 0 for any)");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers bind: a port whose old connections linger in TIME_WAIT after a crash is free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
