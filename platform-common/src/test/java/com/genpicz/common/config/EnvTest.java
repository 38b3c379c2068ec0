package com.genpicz.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    enum Colour { LIGHT_BLUE, RED }

    @Test
    void unsetAndBlankVariablesFallBackToTheirDefaults() {
        Env env = new Env(Map.of("BLANK", "   "));

        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.integer("MISSING_INT", 7, 1, 10)).isEqualTo(7);
        assertThat(env.bool("MISSING_BOOL", true)).isTrue();
        assertThat(env.duration("MISSING_DURATION", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(env.choice("MISSING_CHOICE", Colour.class, Colour.RED)).isEqualTo(Colour.RED);
        assertThatCode(env::validate).doesNotThrowAnyException();
    }

    @Test
    void valuesAreParsedIntoTheirTypes() {
        Env env = new Env(Map.of(
                "NAME", "  genpicz  ",
                "COUNT", "42",
                "ON", "TRUE",
                "ISO", "PT1.5S",
                "SECONDS", "30",
                "URL", "http://localhost:9000/bucket",
                "COLOUR", "light-blue"));

        assertThat(env.string("NAME", null)).isEqualTo("genpicz");
        assertThat(env.integer("COUNT", 0, 1, 100)).isEqualTo(42);
        assertThat(env.bool("ON", false)).isTrue();
        assertThat(env.duration("ISO", null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(env.duration("SECONDS", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env.uri("URL", null)).isEqualTo(URI.create("http://localhost:9000/bucket"));
        assertThat(env.choice("COLOUR", Colour.class, Colour.RED)).isEqualTo(Colour.LIGHT_BLUE);
        assertThatCode(env::validate).doesNotThrowAnyException();
    }

    @Test
    void everyProblemIsReportedAtOnceWhenValidating() {
        Env env = new Env(Map.of(
                "COUNT", "many",
                "RANGE", "500",
                "ON", "yes",
                "WAIT", "soon",
                "URL", "not a url",
                "RELATIVE", "/just/a/path",
                "COLOUR", "green"));
        env.integer("COUNT", 1, 1, 10);
        env.integer("RANGE", 1, 1, 200);
        env.bool("ON", false);
        env.duration("WAIT", Duration.ZERO);
        env.uri("URL", null);
        env.uri("RELATIVE", null);
        env.choice("COLOUR", Colour.class, Colour.RED);
        env.required("SECRET");
        env.reject("A and B cannot both be set");

        assertThatThrownBy(env::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll(
                        "COUNT must be a whole number but is 'many'",
                        "RANGE must be between 1 and 200 but is 500",
                        "ON must be true or false but is 'yes'",
                        "WAIT must be a duration",
                        "URL must be",
                        "RELATIVE must be an absolute URL",
                        "COLOUR must be one of [light_blue, red] but is 'green'",
                        "SECRET is required",
                        "A and B cannot both be set");
    }

    @Test
    void theNamesOfEverySettingReadAreRemembered() {
        Env env = new Env(Map.of("SET", "1"));
        env.string("SET", null);
        env.integer("UNSET", 1, 0, 2);
        DatabaseConfig.from(env);

        assertThat(env.namesRead()).contains("SET", "UNSET", "GENPICZ_DB_URL", "GENPICZ_DB_USER",
                "GENPICZ_DB_PASSWORD", "GENPICZ_DB_POOL_SIZE");
    }

    @Test
    void theDatabasePasswordNeverAppearsInLogs() {
        DatabaseConfig config = DatabaseConfig.from(new Env(Map.of("GENPICZ_DB_PASSWORD", "s3cr3t-value")));

        assertThat(config.password()).isEqualTo("s3cr3t-value");
        assertThat(config.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void kafkaSettingsDefaultToTheProductionPrefix() {
        KafkaConfig config = KafkaConfig.from(new Env(Map.of("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", "broker:9092")));

        assertThat(config.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.topics().generationRequested().name()).isEqualTo("genpicz.generation-requested.v1");
    }

    @Test
    void aSecretComesFromTheFileItsFileVariableNamesWithoutTheTrailingNewline(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path secrets) throws Exception {
        java.nio.file.Path file = secrets.resolve("db-password");
        java.nio.file.Files.writeString(file, "from-a-mounted-secret\n");

        DatabaseConfig config = DatabaseConfig.from(new Env(Map.of("GENPICZ_DB_PASSWORD_FILE", file.toString())));

        assertThat(config.password()).isEqualTo("from-a-mounted-secret");
    }

    @Test
    void aSecretSetBothWaysOrInAFileThatCannotBeReadIsRefused(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path secrets) throws Exception {
        java.nio.file.Path file = secrets.resolve("token");
        java.nio.file.Files.writeString(file, "x".repeat(30));
        Env both = new Env(Map.of("GENPICZ_INTERNAL_TOKEN", "y".repeat(30), "GENPICZ_INTERNAL_TOKEN_FILE",
                file.toString()));
        Env missing = new Env(Map.of("GENPICZ_DB_PASSWORD_FILE", secrets.resolve("nope").toString()));

        both.secret("GENPICZ_INTERNAL_TOKEN", null);
        missing.secret("GENPICZ_DB_PASSWORD", null);

        assertThatThrownBy(both::validate).hasMessageContaining("are both set")
                .hasMessageNotContaining("x".repeat(30)).hasMessageNotContaining("y".repeat(30));
        assertThatThrownBy(missing::validate).hasMessageContaining("cannot be read");
    }
}
