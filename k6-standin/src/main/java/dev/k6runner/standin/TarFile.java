package dev.k6runner.standin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files of a tar as k6 archive writes it (Go's archive/tar: ustar headers, PAX records for long
 * names, the entry script as a hard link to {@code data}). A hard link reads as its target's content. Plain JDK:
 * the stand-in has no dependencies.
 */
final class TarFile {

    private static final int BLOCK = 512;

    private TarFile() {
    }

    /** The tar's files by name, or null when the bytes are not a tar (no {@code ustar} magic in the first header). */
    static Map<String, byte[]> files(byte[] tar) {
        if (tar.length < BLOCK || !ascii(tar, 257, 5).equals("ustar")) {
            return null;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        String paxPath = null;
        int at = 0;
        while (at + BLOCK <= tar.length && tar[at] != 0) {
            String name = paxPath != null ? paxPath : name(tar, at);
            long size = octal(tar, at + 124, 12);
            char type = (char) tar[at + 156];
            int body = at + BLOCK;
            if (size < 0 || body + size > tar.length) {
                throw new StandinFailure("the archive is truncated or malformed at entry '" + name + "'");
            }
            byte[] content = java.util.Arrays.copyOfRange(tar, body, body + (int) size);
            paxPath = null;
            switch (type) {
                case 'x' -> paxPath = paxRecord(new String(content, StandardCharsets.UTF_8), "path");
                case '0', '\0' -> files.put(name, content);
                case '1' -> files.put(name, files.getOrDefault(ascii(tar, at + 157, 100), new byte[0]));
                default -> { } // directories and anything else hold no content k6 reads
            }
            at = body + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
        }
        return files;
    }

    private static String name(byte[] tar, int at) {
        String prefix = ascii(tar, at + 345, 155);
        String name = ascii(tar, at, 100);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxRecord(String records, String key) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith(key + "=", space + 1)) {
                return record.substring(space + 2 + key.length());
            }
        }
        return null;
    }

    private static String ascii(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int from, int length) {
        String text = ascii(bytes, from, length).strip();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
