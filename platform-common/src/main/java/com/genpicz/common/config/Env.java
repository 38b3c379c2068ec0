package com.genpicz.common.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed settings from environment variables with defaults. Problems are collected rather than thrown one by
 * one; call {@link #validate()} once every setting was read. The names read are remembered so that tooling (the
 * docker-compose check) can compare them with what a deployment sets.
 */
public final class Env {

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> namesRead = new TreeSet<>();

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String string(String name, String defaultValue) {
        namesRead.add(name);
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /**
     * A secret: the value of {@code name}, or the contents of the file {@code name_FILE} names (how Docker and
     * Kubernetes hand secrets to a container without putting them in its environment); never both.
     */
    public String secret(String name, String defaultValue) {
        String direct = string(name, null);
        String file = string(name + "_FILE", null);
        if (file == null) {
            return direct != null ? direct : defaultValue;
        }
        if (direct != null) {
            problems.add(name + " and " + name + "_FILE are both set; set one of them");
            return direct;
        }
        try {
            String contents = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            if (contents.isEmpty()) {
                problems.add(name + "_FILE names " + file + ", which is empty");
            }
            return contents;
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            problems.add(name + "_FILE names " + file + ", which cannot be read (" + e.getClass().getSimpleName()
                    + ")");
            return defaultValue;
        }
    }

    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            problems.add(name + " is required");
        }
        return value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + " but is " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number but is '" + text + "'");
            return defaultValue;
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(name + " must be true or false but is '" + text + "'");
            return defaultValue;
        }
        return Boolean.parseBoolean(text);
    }

    /** ISO-8601 ({@code PT30S}) or a plain number of seconds. */
    public Duration duration(String name, Duration defaultValue) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return text.chars().allMatch(Character::isDigit)
                    ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.parse(text);
        } catch (RuntimeException e) {
            problems.add(name + " must be a duration such as 30 or PT30S but is '" + text + "'");
            return defaultValue;
        }
    }

    public URI uri(String name, String defaultValue) {
        String text = string(name, defaultValue);
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                problems.add(name + " must be an absolute URL but is '" + text + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add(name + " must be a URL but is '" + text + "'");
            return null;
        }
    }

    /** A comma-separated list of absolute URLs, without trailing slashes. */
    public List<String> urls(String name, String defaultValue) {
        String text = string(name, defaultValue);
        List<String> urls = new ArrayList<>();
        for (String part : text.split(",")) {
            String url = part.trim().replaceAll("/+$", "");
            if (url.isEmpty()) {
                continue;
            }
            try {
                URI uri = URI.create(url);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    problems.add(name + " must list absolute URLs but has '" + url + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add(name + " must list URLs but has '" + url + "'");
            }
            urls.add(url);
        }
        if (urls.isEmpty()) {
            problems.add(name + " must name at least one URL");
        }
        return List.copyOf(urls);
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(name + " must be one of " + List.of(type.getEnumConstants()).toString().toLowerCase()
                    + " but is '" + text + "'");
            return defaultValue;
        }
    }

    /** Records a problem found by a cross-field check. */
    public void reject(String problem) {
        problems.add(problem);
    }

    /** Throws if anything read so far was invalid. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public Set<String> namesRead() {
        return Set.copyOf(namesRead);
    }
}
