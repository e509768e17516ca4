package io.sidan.eventing.tx;

import java.nio.charset.StandardCharsets;

/** Keys of PostgreSQL advisory locks: 64 bits (FNV-1a) of a name, so unrelated names practically never share one. */
public final class LockKeys {

    private LockKeys() {
    }

    /** The key of a name; give names a prefix per kind of lock ({@code stream:…}, {@code one-at-a-time:…}). */
    public static long of(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
