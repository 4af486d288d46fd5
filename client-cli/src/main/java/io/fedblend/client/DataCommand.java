package io.fedblend.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "data",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Obtains and checks the MNIST files training and evaluation need.",
        subcommands = {DataFetchCommand.class, DataVerifyCommand.class})
public class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do with the data: fetch or verify");
    }
}
