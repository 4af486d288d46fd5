package io.fedblend.client;

import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.MnistStore;
import io.fedblend.shared.data.Shard;
import java.io.IOException;
import java.nio.file.Path;

/** The MNIST files a command needs, with one message telling how to get them when they are not there. */
public final class MnistData {

    private final MnistStore store;
    private final Path givenDir;

    private MnistData(Path givenDir) {
        this.givenDir = givenDir;
        this.store = new MnistStore(givenDir != null ? givenDir : MnistStore.defaultDataDir());
    }

    /** {@code dataDir} as given by {@code --data-dir}, or null for the default location. */
    public static MnistData at(Path dataDir) {
        return new MnistData(dataDir);
    }

    public MnistStore store() {
        return store;
    }

    /** One shard of the training set; a shard past the end of the set is refused with both sizes named. */
    public Dataset trainShard(Shard shard) {
        Dataset train;
        try {
            train = store.train();
        } catch (IOException e) {
            throw missing(e);
        }
        try {
            return train.slice(shard);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--shard " + shard.from() + ":" + shard.to() + " does not fit: " + e.getMessage());
        }
    }

    public Dataset test() {
        try {
            return store.test();
        } catch (IOException e) {
            throw missing(e);
        }
    }

    private CommandFailure missing(IOException e) {
        if (givenDir == null) {
            return new CommandFailure(e.getMessage(), e);
        }
        return new CommandFailure(e.getMessage() + "\nFor this folder: fedblend-client data fetch --data-dir "
                + givenDir, e);
    }
}
