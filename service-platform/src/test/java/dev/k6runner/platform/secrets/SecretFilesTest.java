package dev.k6runner.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.k6runner.platform.database.DatabaseUrlEnvironmentPostProcessor;

/** {@code <NAME>_FILE} as the services meet it: through the environment variables, before DATABASE_URL is parsed. */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void databaseUrlFromAFileBecomesTheDatasourceWithItsPassword() throws IOException {
        Path secret = secret("database-url", "postgres://k6runner:s%40cret@postgres:5432/k6runner\n");
        StandardEnvironment environment = start(Map.of("DATABASE_URL_FILE", secret.toString()));
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://postgres:5432/k6runner");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("k6runner");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("s@cret");
    }

    @Test
    void anyOwnNameReadsItsFileWithRelaxedBindingAndPlaceholders() throws IOException {
        Path token = secret("token", "t0ken\r\n");
        Path password = secret("password", "pw");
        StandardEnvironment environment = start(Map.of(
                "K6RUNNER_ADMIN_TOKEN_FILE", token.toString(),
                "SPRING_DATASOURCE_PASSWORD_FILE", password.toString(),
                "DATABASE_URL", "postgres://k6runner@postgres:5432/k6runner"));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml",
                Map.of("k6runner.gateway.auth.admin-token", "${K6RUNNER_ADMIN_TOKEN:}")));
        assertThat(environment.getProperty("k6runner.gateway.auth.admin-token")).isEqualTo("t0ken");
        assertThat(Binder.get(environment).bind("spring.datasource.password", String.class).get()).isEqualTo("pw");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("k6runner");
    }

    @Test
    void otherProgramsFileVariablesAreLeftAlone() {
        StandardEnvironment environment = start(Map.of(
                "SSL_CERT_FILE", dir.resolve("missing.pem").toString(),
                "AWS_WEB_IDENTITY_TOKEN_FILE", dir.resolve("missing").toString(),
                "K6RUNNER__FILE", "x"));
        assertThat(environment.containsProperty("SSL_CERT")).isFalse();
        assertThat(environment.getPropertySources().contains(SecretFilesEnvironmentPostProcessor.SOURCE_NAME)).isFalse();
    }

    @Test
    void aValueAndAFileForTheSameNameAreRefused() throws IOException {
        Path secret = secret("database-url", "postgres://a:b@c/d");
        assertThatThrownBy(() -> start(Map.of("DATABASE_URL", "postgres://x@y/z", "DATABASE_URL_FILE", secret.toString())))
                .hasMessage("both DATABASE_URL and DATABASE_URL_FILE are set: set one of them");
    }

    @Test
    void anUnreadableFileStopsTheStartWithoutShowingAnyContent() throws IOException {
        assertThatThrownBy(() -> start(Map.of("DATABASE_URL_FILE", dir.resolve("nope").toString())))
                .hasMessageContaining("DATABASE_URL_FILE=" + dir.resolve("nope") + " cannot be read");
        Path huge = secret("huge", "postgres://user:hunter2@h/d".repeat(5000));
        assertThatThrownBy(() -> start(Map.of("K6RUNNER_ADMIN_TOKEN_FILE", huge.toString())))
                .hasMessageContaining("larger than").hasMessageNotContaining("hunter2");
    }

    private Path secret(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** The environment of a starting service whose process environment is {@code variables}, after both post-processors. */
    private static StandardEnvironment start(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
        new SecretFilesEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
