package dev.k6runner.gateway.ui;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The browser pages' login, under {@code k6runner.gateway.ui.*} (used in {@code api-key} mode only).
 *
 * @param sessionSecret the key that signs browser sessions, at least 32 characters; the same on every replica so
 *                      that a session opened on one is valid on all. Empty: a random one per start (sessions end
 *                      when the gateway restarts and hold on one replica only)
 * @param sessionTtl    how long a browser session lasts after its login
 */
@Validated
@ConfigurationProperties("k6runner.gateway.ui")
record UiProperties(
        @DefaultValue("") @NotNull @Pattern(regexp = "|.{32,}", message = "must be empty or at least 32 characters") String sessionSecret,
        @DefaultValue("8h") @NotNull Duration sessionTtl) {
}
