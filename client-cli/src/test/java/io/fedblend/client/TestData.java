package io.fedblend.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fedblend.shared.data.MnistStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the client tests share: the real MNIST files (skipped only where absent) and free local ports. */
final class TestData {

    private TestData() {
    }

    static void assumeMnist() {
        Path dir = MnistStore.defaultDataDir();
        boolean present = true;
        for (String file : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            present &= Files.exists(dir.resolve(file)) || Files.exists(dir.resolve(file + ".gz"));
        }
        assumeTrue(present, "MNIST is not in " + dir + "; run 'fedblend-client data fetch'");
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
