package dev.k6runner.gateway.teams;

import org.springframework.stereotype.Component;

/**
 * What the browser login needs of the API's keys, and nothing more: a key's hash, whether a hash belongs to a
 * live key of a live team, and the request attribute through which a checked browser session hands its key's
 * hash to {@link CallerFilter}. The filter resolves the team from it as from a header (cache, revocation,
 * disabled teams), and only for GET: a session never authorises a change.
 */
@Component
public final class KeyLookup {

    /** A {@code byte[]} SHA-256 of the key behind a verified browser session; set only by the UI's session filter. */
    public static final String SESSION_KEY_HASH = KeyLookup.class.getName() + ".sessionKeyHash";

    private final TeamStore teams;

    KeyLookup(TeamStore teams) {
        this.teams = teams;
    }

    /** The key's SHA-256, as {@code api_keys} stores it. */
    public static byte[] hash(String key) {
        return ApiKeys.hash(key.trim());
    }

    /** True when the hash is of a key neither revoked nor of a disabled team. */
    public boolean isLive(byte[] keyHash) {
        return teams.callerOfKey(keyHash).isPresent();
    }
}
