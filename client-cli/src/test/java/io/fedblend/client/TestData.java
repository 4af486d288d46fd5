package io.fedblend.client;

import io.fedblend.shared.data.MnistStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * What the client tests share: the real MNIST in the default data dir (fetched once when missing, so a fresh machine
 * runs these tests instead of skipping them) and free local ports.
 */
final class TestData {

    private static boolean fetched;

    private TestData() {
    }

    static synchronized void ensureMnist() {
        if (fetched) {
            return;
        }
        try {
            new MnistStore(MnistStore.defaultDataDir()).fetchIfMissing(line -> System.out.println("[mnist] " + line));
        } catch (IOException e) {
            throw new UncheckedIOException("the client tests need MNIST: " + e.getMessage(), e);
        }
        fetched = true;
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
