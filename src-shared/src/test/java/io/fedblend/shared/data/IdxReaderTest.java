package io.fedblend.shared.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawImagesAndLabels() throws IOException {
        byte[] imageFile = IdxFiles.images(3);
        Path images = IdxFiles.write(dir, "train-images-idx3-ubyte", imageFile);
        Path labels = IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(5, 0, 9));

        Dataset data = IdxReader.read(images, labels);

        assertEquals("train", data.name());
        assertEquals(3, data.size());
        assertEquals(28, data.rows());
        assertEquals(28, data.cols());
        assertArrayEquals(new byte[] {5, 0, 9}, data.labels());
        assertArrayEquals(Arrays.copyOfRange(imageFile, 16, imageFile.length), data.pixels());
    }

    @Test
    void readsGzipByContentWhateverTheFileName() throws IOException {
        byte[] imageFile = IdxFiles.images(2);
        Path images = IdxFiles.write(dir, "custom-images-idx3-ubyte", IdxFiles.gzip(imageFile));
        Path labels = IdxFiles.write(dir, "custom-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(1, 2)));

        Dataset data = IdxReader.read(images, labels);

        assertEquals(2, data.size());
        assertArrayEquals(new byte[] {1, 2}, data.labels());
        assertArrayEquals(Arrays.copyOfRange(imageFile, 16, imageFile.length), data.pixels());
    }

    @Test
    void refusesWrongMagicNamingFileAndExpectedKind() throws IOException {
        Path images = IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(1));
        Path swapped = IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.images(1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, swapped));

        assertEquals(swapped, e.file());
        assertTrue(e.getMessage().startsWith(swapped.toString() + ": wrong magic number 0x00000803, expected"
                + " 0x00000801 (an idx1 label file)"), e.getMessage());
    }

    @Test
    void refusesLabelsGivenAsImages() throws IOException {
        Path labels = IdxFiles.write(dir, "l", IdxFiles.labels(1));
        Path notImages = IdxFiles.write(dir, "i", IdxFiles.labels(1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(notImages, labels));

        assertEquals(notImages, e.file());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801, expected 0x00000803 (an idx3 image file)"),
                e.getMessage());
    }

    @Test
    void refusesFileThatIsNotIdx() throws IOException {
        Path labels = IdxFiles.write(dir, "labels.txt", "hello, world".getBytes());

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("wrong magic number") && e.getMessage().contains("not an IDX file"),
                e.getMessage());
    }

    @Test
    void refusesTruncatedImages() throws IOException {
        byte[] full = IdxFiles.images(3);
        Path images = IdxFiles.write(dir, "images", Arrays.copyOf(full, full.length - 100));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 2, 3));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));

        assertEquals(images, e.file());
        assertTrue(e.getMessage().contains("truncated: the header declares 3 images of 28x28 (2352 bytes) but only"
                + " 2252 bytes follow"), e.getMessage());
    }

    @Test
    void refusesTruncatedHeader() throws IOException {
        Path labels = IdxFiles.write(dir, "labels", Arrays.copyOf(IdxFiles.labels(1, 2), 6));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("truncated: only 6 bytes"), e.getMessage());
    }

    @Test
    void refusesTrailingBytes() throws IOException {
        byte[] full = IdxFiles.labels(1, 2, 3);
        Path labels = IdxFiles.write(dir, "labels", Arrays.copyOf(full, full.length + 5));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("5 unexpected trailing bytes after the 3 labels"), e.getMessage());
    }

    @Test
    void refusesImageAndLabelCountMismatch() throws IOException {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(3));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 2));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));

        assertTrue(e.getMessage().contains("holds 3 images but labels holds 2 labels"), e.getMessage());
    }

    @Test
    void refusesLabelOutsideTheTenClasses() throws IOException {
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(3, 9, 10, 1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("label 10 at index 2 is outside 0..9"), e.getMessage());
    }

    @Test
    void refusesImagesOfAnotherSize() throws IOException {
        Path images = IdxFiles.write(dir, "images", IdxFiles.images(1, 32, 32));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));

        assertTrue(e.getMessage().contains("images are 32x32 pixels"), e.getMessage());
    }

    @Test
    void refusesZeroCount() throws IOException {
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels());

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("dimension 0 has size 0"), e.getMessage());
    }

    @Test
    void refusesCutOffGzip() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(4));
        Path images = IdxFiles.write(dir, "images.gz", Arrays.copyOf(gz, gz.length / 2));
        Path labels = IdxFiles.write(dir, "labels", IdxFiles.labels(1, 2, 3, 4));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));

        assertEquals(images, e.file());
        assertTrue(e.getMessage().contains("damaged or truncated gzip"), e.getMessage());
    }

    @Test
    void refusesTruncatedPayloadInsideValidGzip() throws IOException {
        byte[] full = IdxFiles.labels(1, 2, 3);
        Path labels = IdxFiles.write(dir, "labels.gz", IdxFiles.gzip(Arrays.copyOf(full, full.length - 1)));

        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(labels));

        assertTrue(e.getMessage().contains("truncated: the header declares 3 labels"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path absent = dir.resolve("t10k-labels-idx1-ubyte");

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(absent));

        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    }
}
