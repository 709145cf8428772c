package dev.k6runner.gateway.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * A browser session's token: {@code v1.<key hash>.<expiry>.<HMAC-SHA256 of the rest>}. It names the API key
 * that logged in by its SHA-256 (never the key), so that revoking the key ends the session, and it cannot be
 * made or stretched without the server's secret.
 */
@Component
class SessionTokens {

    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec secret;
    private final Duration ttl;

    SessionTokens(UiProperties properties) {
        byte[] key = properties.sessionSecret().getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        this.ttl = properties.sessionTtl();
    }

    Duration ttl() {
        return ttl;
    }

    String issue(byte[] keyHash) {
        return issue(keyHash, Instant.now().plus(ttl));
    }

    String issue(byte[] keyHash, Instant expiresAt) {
        String payload = VERSION + "." + ENCODER.encodeToString(keyHash) + "." + expiresAt.getEpochSecond();
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The key hash of a token this server signed and that has not expired; empty for anything else. */
    Optional<byte[]> verify(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            String payload = parts[0] + "." + parts[1] + "." + parts[2];
            if (!MessageDigest.isEqual(mac(payload), DECODER.decode(parts[3]))
                    || Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(Instant.now())) {
                return Optional.empty();
            }
            byte[] keyHash = DECODER.decode(parts[1]);
            return keyHash.length == 32 ? Optional.of(keyHash) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
