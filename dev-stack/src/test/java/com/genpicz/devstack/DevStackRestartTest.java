package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.infra.Eventually;
import com.genpicz.ingress.testing.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev stack as a user runs it, in its own JVM: killed with SIGKILL right after the API acknowledged
 * generations, then restarted on the same data folder, it finishes every one of them; a normal stop leaves no
 * process behind.
 */
class DevStackRestartTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();
    private final int apiPort = freePort();
    private final Map<String, String> ports = Map.of(
            "GENPICZ_HTTP_PORT", Integer.toString(apiPort),
            "GENPICZ_LOCAL_KAFKA_PORT", Integer.toString(freePort()),
            "GENPICZ_LOCAL_POSTGRES_PORT", Integer.toString(freePort()),
            "GENPICZ_LOCAL_S3_PORT", Integer.toString(freePort()));

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void generationsAcknowledgedBeforeASigkillAreCompletedAfterTheRestartAndAStopLeavesNoProcessBehind() throws Exception {
        Process first = startStack();
        String key = Files.readString(dataDir.resolve("demo-api-key")).trim();
        ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort + "/v1");
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient.Response response = api.postJson("/generate", key,
                    "{\"prompt\": \"crash test " + i + "\", \"width\": 512, \"height\": 512}",
                    Map.of("Prefer", "respond-async"));
            assertThat(response.status()).isEqualTo(202);
            acknowledged.add(response.body().get("generation_id").asText());
        }

        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Process second = startStack();

        assertThat(Files.readString(dataDir.resolve("demo-api-key")).trim()).isEqualTo(key);
        for (String id : acknowledged) {
            Eventually.await(id + " to complete after the restart", Duration.ofSeconds(120),
                    () -> api.get("/generations/" + id, key).body().path("status").asText().equals("completed"));
        }
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the stack stops on SIGTERM").isTrue();
        assertThat(processesUsing(dataDir)).as("processes still using the data folder").isEmpty();
    }

    private Process startStack() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-XX:+UseSerialGC", "-Xss2m",
                "-cp", System.getProperty("java.class.path"),
                DevStackMain.class.getName());
        builder.environment().putAll(ports);
        builder.environment().put("GENPICZ_DATA_DIR", dataDir.toString());
        builder.environment().put("GENPICZ_MODEL_DIR", Path.of("../models/tiny-random").toAbsolutePath().toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        started.add(process);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> echoUntilExit(process, ready), "dev-stack-output");
        reader.setDaemon(true);
        reader.start();
        assertThat(ready.await(START.toSeconds(), TimeUnit.SECONDS)).as("the dev stack prints that it is ready").isTrue();
        return process;
    }

    private static void echoUntilExit(Process process, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println("[dev-stack] " + line);
                if (line.contains("Press Ctrl-C to stop")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    private static List<String> processesUsing(Path dataDir) {
        String marker = dataDir.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(handle -> handle.info().commandLine().orElse(""))
                .filter(commandLine -> commandLine.contains(marker))
                .toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
