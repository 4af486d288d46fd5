package io.fedblend.shared.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes small ustar archives for tests. */
final class TarBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarBuilder file(String name, byte[] data) {
        return entry(name, '0', data);
    }

    /** A pax header carrying the real path, then the file under a short stand-in name. */
    TarBuilder paxFile(String path, byte[] data) {
        String record = " path=" + path + "\n";
        int length = record.length();
        while (Integer.toString(length).length() + record.length() != length) {
            length = Integer.toString(length).length() + record.length();
        }
        entry("PaxHeader/x", 'x', (length + record).getBytes(StandardCharsets.UTF_8));
        return entry("short-name", '0', data);
    }

    TarBuilder entry(String name, char type, byte[] data) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        out.writeBytes(header);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        return this;
    }

    byte[] build() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
