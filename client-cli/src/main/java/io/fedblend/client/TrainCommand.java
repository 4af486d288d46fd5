package io.fedblend.client;

import io.fedblend.client.train.FederatedTraining;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Joins a FedBlend server and trains on a private MNIST shard each round until the run is done.")
public class TrainCommand implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() throws Exception {
        return new FederatedTraining(options, System.out).run();
    }
}
