package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import dev.k6runner.runner.RunnerProperties;

/** The confinement and resource settings reach the runner as an operator writes them. */
class SandboxSettingsTest {

    @Test
    void everyConfinementAndResourceSettingIsBound() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "k6runner.runner.confinement.required", "false",
                "k6runner.runner.confinement.mechanism", "separate-user",
                "k6runner.runner.confinement.uid-base", "40000",
                "k6runner.runner.confinement.read-only-paths", "/opt/a,/opt/b",
                "k6runner.runner.confinement.writable-paths", "/var/log/k6",
                "k6runner.runner.resources.max-open-files", "4096",
                "k6runner.runner.resources.tmp-size", "8MB"));
        RunnerProperties properties = new Binder(source).bind("k6runner.runner", RunnerProperties.class).get();
        RunnerProperties.Confinement confinement = properties.confinement();
        assertThat(confinement.required()).isFalse();
        assertThat(confinement.mechanism()).isEqualTo("separate-user");
        assertThat(confinement.uidBase()).isEqualTo(40000);
        assertThat(confinement.readOnlyPaths()).containsExactly(Path.of("/opt/a"), Path.of("/opt/b"));
        assertThat(confinement.writablePaths()).containsExactly(Path.of("/var/log/k6"));
        assertThat(properties.resources().maxOpenFiles()).isEqualTo(4096);
        assertThat(properties.resources().tmpSize()).isEqualTo(DataSize.ofMegabytes(8));
    }
}
