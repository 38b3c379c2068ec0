package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver-side snippets in README.md ("Receive webhooks"), run as they are printed — Node and Python as
 * processes (both must be installed: `.ci/run` installs them), Java compiled in-process — against headers made by
 * webhook-service's own signing code: during a rotation, a receiver holding either secret accepts the Standard
 * Webhooks signature and only the new secret makes the reference's header; a changed body, a stale timestamp or a
 * wrong secret is refused.
 */
class ReadmeWebhookSnippetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER_SECRET = "whsec_c29tZWJvZHkgZWxzZSdzIHNlY3JldCEhIQ==";

    /** One webhook as a receiver sees it, the secret the receiver holds, and what both checks must say. */
    private record Case(String name, Map<String, String> headers, byte[] body, String secret, boolean standard,
                        boolean reference) {
    }

    @TempDir
    Path folder;
    private final List<Case> cases = new ArrayList<>();

    @BeforeEach
    void signDeliveries() {
        byte[] body = "{\"event\":\"generation.completed\",\"generation_id\":\"gen_ReadMe00000001\"}"
                .getBytes(StandardCharsets.UTF_8);
        Delivery delivery = new Delivery("msg_gen_ReadMe00000001_generation.completed", "gen_ReadMe00000001",
                "acct_ReadMe00000001", "generation.completed", "https://example.com/hooks", "https://example.com:443",
                body, 1, Instant.now());
        Map<String, String> rotating = lowerCase(DeliveryDispatcher.headers(delivery,
                new SigningSecrets.Secrets(WebhookTables.SECRET, WebhookTables.OLD_SECRET)));
        cases.add(new Case("the new secret during a rotation", rotating, body, WebhookTables.SECRET, true, true));
        cases.add(new Case("the old secret during a rotation", rotating, body, WebhookTables.OLD_SECRET, true, false));
        byte[] changed = "{\"event\":\"generation.completed\",\"generation_id\":\"gen_Somebody0000001\"}"
                .getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("a changed body", rotating, changed, WebhookTables.SECRET, false, false));
        cases.add(new Case("a wrong secret", rotating, body, OTHER_SECRET, false, false));
        Map<String, String> stale = new LinkedHashMap<>(rotating);
        long tenMinutesAgo = Instant.now().minusSeconds(600).getEpochSecond();
        stale.put("webhook-timestamp", Long.toString(tenMinutesAgo));
        stale.put("webhook-signature", WebhookSigner.standardSignatures(List.of(WebhookTables.SECRET), delivery.id(),
                tenMinutesAgo, body));
        cases.add(new Case("a stale timestamp", stale, body, WebhookTables.SECRET, false, true));
    }

    @Test
    void theNodeSnippetAcceptsWhatWebhookServiceSignedAndRefusesTheRest() throws Exception {
        String harness = """

                const cases = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
                console.log(JSON.stringify(cases.map(c => {
                  const body = Buffer.from(c.body, 'base64');
                  return [verifyWebhook(c.headers, body, c.secret), verifyGenPiczSignature(c.headers, body, c.secret)];
                })));
                """;
        Path script = Files.writeString(folder.resolve("verify.js"), snippet("js") + harness);
        assertVerdicts(run("node", script));
    }

    @Test
    void thePythonSnippetAcceptsWhatWebhookServiceSignedAndRefusesTheRest() throws Exception {
        String harness = """

                import json, sys
                cases = json.load(open(sys.argv[1]))
                print(json.dumps([[verify_webhook(c["headers"], base64.b64decode(c["body"]), c["secret"]),
                                   verify_genpicz_signature(c["headers"], base64.b64decode(c["body"]), c["secret"])]
                                  for c in cases]))
                """;
        Path script = Files.writeString(folder.resolve("verify.py"), snippet("python") + harness);
        assertVerdicts(run("python3", script));
    }

    @Test
    void theJavaSnippetAcceptsWhatWebhookServiceSignedAndRefusesTheRest() throws Exception {
        Path source = Files.writeString(folder.resolve("WebhookVerifier.java"), snippet("java"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, "-d", folder.toString(), source.toString())).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()})) {
            Class<?> verifier = loader.loadClass("WebhookVerifier");
            Method standard = verifier.getMethod("verify", String.class, String.class, String.class, byte[].class,
                    String.class);
            Method reference = verifier.getMethod("verifyGenPiczSignature", String.class, byte[].class, String.class);
            List<List<Boolean>> verdicts = new ArrayList<>();
            for (Case c : cases) {
                verdicts.add(List.of(
                        (Boolean) standard.invoke(null, c.headers().get("webhook-id"),
                                c.headers().get("webhook-timestamp"), c.headers().get("webhook-signature"), c.body(),
                                c.secret()),
                        (Boolean) reference.invoke(null, c.headers().get("x-genpicz-signature"), c.body(), c.secret())));
            }
            assertVerdicts(verdicts);
        }
    }

    private void assertVerdicts(List<List<Boolean>> verdicts) {
        assertThat(verdicts).hasSameSizeAs(cases);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            assertThat(verdicts.get(i)).as(c.name()).containsExactly(c.standard(), c.reference());
        }
    }

    /** Runs the script on the cases; the interpreter must be installed. */
    private List<List<Boolean>> run(String interpreter, Path script) throws Exception {
        Path input = folder.resolve("cases.json");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Case c : cases) {
            json.add(Map.of("headers", c.headers(), "body", Base64.getEncoder().encodeToString(c.body()),
                    "secret", c.secret()));
        }
        JSON.writeValue(input.toFile(), json);
        Process process;
        try {
            process = new ProcessBuilder(interpreter, script.toString(), input.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            throw new AssertionError(interpreter + " is needed to check the README's snippet; .ci/run installs it",
                    notInstalled);
        }
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as(interpreter + " finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return JSON.readValue(output.trim(), JSON.getTypeFactory().constructCollectionType(List.class,
                JSON.getTypeFactory().constructCollectionType(List.class, Boolean.class)));
    }

    /** The README's code block in {@code language} under "Receive webhooks". */
    private static String snippet(String language) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Receive webhooks");
        assertThat(start).as("the README's webhook section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(block.find()).as("a " + language + " block in the README's webhook section").isTrue();
        return block.group(1);
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }
}
