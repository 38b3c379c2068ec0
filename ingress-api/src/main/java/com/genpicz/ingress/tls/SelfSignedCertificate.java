package com.genpicz.ingress.tls;

import com.genpicz.common.ids.Identifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's own keytool, for the dev stack and
 * tests. The PEM file next to the keystore is what clients trust ({@code curl --cacert}).
 */
public final class SelfSignedCertificate {

    private static final String ALIAS = "genpicz-local";

    private final TlsSettings settings;
    private final Path pem;

    private SelfSignedCertificate(TlsSettings settings, Path pem) {
        this.settings = settings;
        this.pem = pem;
    }

    /** Re-uses the certificate in {@code dir} if one is there, else creates it (one caller at a time: tests share it). */
    public static synchronized SelfSignedCertificate inDirectory(Path dir) {
        Path keystore = dir.resolve("genpicz-local.p12");
        Path password = dir.resolve("keystore-password");
        Path pem = dir.resolve("genpicz-local.pem");
        try {
            if (!Files.exists(keystore) || !Files.exists(password) || !Files.exists(pem)) {
                Files.createDirectories(dir);
                Files.deleteIfExists(keystore);
                String secret = Identifiers.base62(24);
                keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost, O=GenPicz local", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity", "825", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                        "-storepass", secret, "-keypass", secret);
                keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore.toString(),
                        "-storepass", secret, "-file", pem.toString());
                Files.writeString(password, secret);
            }
            return new SelfSignedCertificate(new TlsSettings(keystore, Files.readString(password).trim()), pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a self-signed certificate in " + dir, e);
        }
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The certificate in PEM form, for {@code curl --cacert}. */
    public Path pem() {
        return pem;
    }

    /** A client-side SSL context that trusts exactly this certificate. */
    public SSLContext clientContext() {
        try {
            Certificate certificate;
            try (var in = Files.newInputStream(pem)) {
                certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
