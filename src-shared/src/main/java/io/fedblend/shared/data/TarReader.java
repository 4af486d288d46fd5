package io.fedblend.shared.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Copies chosen regular files out of a tar stream (ustar, with pax and GNU long names). Java has no tar
 * reader and the format is simple — 512-byte headers, each followed by the entry's data padded to 512 —
 * so reading it here avoids depending on the flags of whichever {@code tar} command a machine has, and
 * only the exact paths asked for are ever written, so an archive cannot place files elsewhere.
 */
final class TarReader {

    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Writes each archive entry whose path is a key of {@code wanted} to the mapped file and returns the
     * paths found. Throws when the archive is damaged (bad header checksum, cut off inside an entry).
     */
    static Set<String> extract(InputStream tar, Map<String, Path> wanted) throws IOException {
        Set<String> found = new HashSet<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            int n = tar.readNBytes(header, 0, BLOCK);
            if (n == 0 || (n == BLOCK && isZero(header))) {
                return found; // end-of-archive marker, or an archive that simply stops between entries
            }
            if (n < BLOCK) {
                throw new IOException("tar archive is cut off inside an entry header");
            }
            checkChecksum(header);
            String name = longName != null ? longName : headerName(header);
            longName = null;
            long size = parseNumber(header, 124, 12);
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            byte type = header[156];
            if (type == 'x' || type == 'L') {
                // pax extended header or GNU long name: says the real path of the next entry
                byte[] data = readExactly(tar, size, name);
                longName = type == 'L' ? cString(data, 0, data.length) : paxPath(data);
                skipExactly(tar, padding, name);
            } else if ((type == '0' || type == 0) && wanted.containsKey(name)) {
                try (OutputStream out = Files.newOutputStream(wanted.get(name))) {
                    copyExactly(tar, out, size, name);
                }
                skipExactly(tar, padding, name);
                found.add(name);
            } else {
                skipExactly(tar, size + padding, name);
            }
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkChecksum(byte[] header) throws IOException {
        long expected = parseNumber(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        }
        if (sum != expected) {
            throw new IOException("tar archive is damaged: header checksum mismatch (entry '"
                    + headerName(header) + "')");
        }
    }

    private static String headerName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Octal text, or GNU base-256 when the first byte has its high bit set (sizes of 8 GB and more). */
    private static long parseNumber(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xFF);
            }
            return value;
        }
        String text = cString(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar archive is damaged: '" + text + "' is not an octal number");
        }
    }

    /** The {@code path} record of a pax header ("LEN path=VALUE\n" records), or null. */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static byte[] readExactly(InputStream in, long size, String entry) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar archive is damaged: header of entry '" + entry + "' claims " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new IOException("tar archive is cut off inside entry '" + entry + "'");
        }
        return data;
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, String entry) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("tar archive is cut off inside entry '" + entry + "'");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skipExactly(InputStream in, long size, String entry) throws IOException {
        copyExactly(in, OutputStream.nullOutputStream(), size, entry);
    }
}
