package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ./genpicz-local} behaves before the platform runs: help, bad arguments, a port that is taken. */
class LocalStartTest {

    private static final long LIMIT_SECONDS = 60;

    @Test
    void helpAnswersAtOnceWithTheSettingsBeforeAnyBuild() throws Exception {
        Finished help = run(List.of("bash", "../genpicz-local", "--help"), Map.of());

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("usage: ./genpicz-local [--fresh]", "GENPICZ_HTTP_PORT",
                "GENPICZ_LOCAL_POSTGRES_PORT").doesNotContain("Building");
    }

    @Test
    void anUnknownArgumentIsRefusedBeforeAnyBuild() throws Exception {
        Finished refused = run(List.of("bash", "../genpicz-local", "--frseh"), Map.of());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).startsWith("unknown argument --frseh").contains("usage:");
        assertThat(refused.stdout()).doesNotContain("Building");
    }

    @Test
    void aTakenPortIsOneLineNamingThePortAndItsVariableAndTheProcessExitsWithNothingLeftRunning(@TempDir Path data)
            throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Finished clash = run(List.of(java(), "-cp", System.getProperty("java.class.path"),
                    DevStackMain.class.getName()), Map.of("GENPICZ_HTTP_PORT", Integer.toString(port),
                    "GENPICZ_DATA_DIR", data.toString()));

            assertThat(clash.exitCode()).isEqualTo(2);
            assertThat(clash.stderr().strip()).isEqualTo("port " + port
                    + " is in use by another program; set GENPICZ_HTTP_PORT to a free port (or 0 for any)");
            assertThat(clash.leftRunning()).isEmpty();
        }
    }

    private record Finished(int exitCode, String stdout, String stderr, List<ProcessHandle> leftRunning) {
    }

    private static Finished run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<ProcessHandle> children = new ArrayList<>();
        boolean exited = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.descendants().forEach(children::add);
            process.destroyForcibly();
            throw new AssertionError(command + " did not exit within " + LIMIT_SECONDS + " s");
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.descendants().filter(ProcessHandle::isAlive).forEach(children::add);
        return new Finished(process.exitValue(), stdout, stderr, children);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
