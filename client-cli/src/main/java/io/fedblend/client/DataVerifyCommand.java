package io.fedblend.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Checks that the MNIST files are present and intact (SHA-256 of the known files).")
public class DataVerifyCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the MNIST IDX files are (default: $FEDBLEND_DATA_DIR, else ~/.cache/fedblend/mnist).")
    Path dataDir;

    @Override
    public Integer call() {
        MnistData data = MnistData.at(dataDir);
        try {
            data.store().verify().forEach(System.out::println);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        return 0;
    }
}
