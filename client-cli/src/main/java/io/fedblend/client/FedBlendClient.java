package io.fedblend.client;

import io.fedblend.client.train.FederatedTraining;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The client's entry point. Without a subcommand it trains, so {@code fedblend-client --server-address host:port}
 * behaves like the {@code train} command.
 */
@TopCommand
@Command(name = "fedblend-client",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Trains a model on a private MNIST shard for a FedBlend server; "
                + "without a subcommand it runs 'train'.",
        subcommands = {TrainCommand.class, CompareCommand.class, HistoryCommand.class, DataCommand.class,
                LocalCommand.class})
public class FedBlendClient implements Callable<Integer> {

    @Mixin
    TrainOptions options;

    @Override
    public Integer call() throws Exception {
        return new FederatedTraining(options, System.out).run();
    }
}
