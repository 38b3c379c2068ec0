package com.genpicz.common.config;

import java.util.List;

/** A service's configuration is invalid; the message lists every problem at once so operators fix them in one go. */
public final class ConfigException extends RuntimeException {
    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
}
