package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.MnistStore;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class DataCommandTest {

    @TempDir
    Path dir;

    @Test
    void fetchReportsAFileThatIsPresentButDamaged(QuarkusMainLauncher launcher) throws IOException {
        TestData.ensureMnist();
        Path source = MnistStore.defaultDataDir();
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.copy(source.resolve(name), dir.resolve(name));
        }
        byte[] labels = Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte"));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(labels, labels.length - 16));

        LaunchResult result = launcher.launch("data", "fetch", "--data-dir", dir.toString());

        assertEquals(1, result.exitCode(), result.getOutput());
        assertTrue(result.getErrorOutput().contains("t10k-labels-idx1-ubyte"), result.getErrorOutput());
        assertTrue(!result.getOutput().contains("MNIST is ready"), result.getOutput());
    }

    @Test
    void verifyAcceptsTheRealFiles(QuarkusMainLauncher launcher) {
        TestData.ensureMnist();
        LaunchResult result = launcher.launch("data", "verify");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
    }
}
