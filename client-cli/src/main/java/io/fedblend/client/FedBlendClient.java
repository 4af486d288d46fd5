package io.fedblend.client;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "fedblend-client", mixinStandardHelpOptions = true, version = "FedBlend client 0.1.0")
public class FedBlendClient implements Runnable {
    @Override
    public void run() {
    }
}
