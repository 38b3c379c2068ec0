package com.genpicz.ingress.tls;

import java.nio.file.Path;

/** Where the server's certificate and key are: a PKCS#12 keystore. */
public record TlsSettings(Path keystore, String password) {

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", password=***]";
    }
}
