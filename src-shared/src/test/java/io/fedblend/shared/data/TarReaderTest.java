package io.fedblend.shared.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    @TempDir
    Path dir;

    @Test
    void extractsOnlyTheWantedEntries() throws IOException {
        byte[] labels = IdxFiles.labels(1, 2, 3);
        byte[] tar = new TarBuilder()
                .file("package/package.json", "{}".getBytes())
                .file("package/data/t10k-labels-idx1-ubyte", labels)
                .file("package/data/other", new byte[700])
                .build();
        Path target = dir.resolve("labels");

        Set<String> found = TarReader.extract(new ByteArrayInputStream(tar),
                Map.of("package/data/t10k-labels-idx1-ubyte", target, "package/data/absent", dir.resolve("x")));

        assertEquals(Set.of("package/data/t10k-labels-idx1-ubyte"), found);
        assertArrayEquals(labels, Files.readAllBytes(target));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void followsPaxPathHeaders() throws IOException {
        byte[] data = new byte[1000];
        Arrays.fill(data, (byte) 7);
        byte[] tar = new TarBuilder().paxFile("package/data/a-very-long-name", data).build();
        Path target = dir.resolve("out");

        Set<String> found = TarReader.extract(new ByteArrayInputStream(tar),
                Map.of("package/data/a-very-long-name", target));

        assertEquals(Set.of("package/data/a-very-long-name"), found);
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void refusesHeaderWithBadChecksum() {
        byte[] tar = new TarBuilder().file("package/x", new byte[10]).build();
        tar[0] = 'q';

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(tar), Map.of()));

        assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
    }

    @Test
    void refusesArchiveCutOffInsideAnEntry() {
        byte[] tar = new TarBuilder().file("package/x", new byte[2000]).build();
        byte[] cut = Arrays.copyOf(tar, 512 + 1000);

        IOException e = assertThrows(IOException.class,
                () -> TarReader.extract(new ByteArrayInputStream(cut), Map.of("package/x", dir.resolve("x"))));

        assertTrue(e.getMessage().contains("cut off inside entry 'package/x'"), e.getMessage());
    }
}
