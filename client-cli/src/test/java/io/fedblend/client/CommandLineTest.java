package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusMainTest
class CommandLineTest {

    @Test
    @Launch("--help")
    void helpListsTrainOptionsAndEveryCommand(LaunchResult result) {
        String help = result.getOutput();
        for (String expected : new String[] {"--server-address", "--data-dir", "--shard", "--client-id", "--token",
                "--threads", "--connect-timeout", "--tls", "--ca-cert", "train", "compare", "history", "data", "local"}) {
            assertTrue(help.contains(expected), "--help should mention " + expected + ":\n" + help);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "train, --connect-timeout",
            "compare, --baseline",
            "history, --url",
            "data, fetch",
            "local, --learning-rate"})
    void eachCommandHasHelp(String command, String option, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(command, "--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.getOutput().contains("Usage: fedblend-client " + command), result.getOutput());
        assertTrue(result.getOutput().contains(option), result.getOutput());
    }

    @Test
    void dataSubcommandsHaveHelp(QuarkusMainLauncher launcher) {
        for (String sub : new String[] {"fetch", "verify"}) {
            LaunchResult result = launcher.launch("data", sub, "--help");
            assertEquals(0, result.exitCode());
            assertTrue(result.getOutput().contains("--data-dir"), result.getOutput());
        }
    }

    @Test
    @Launch("--version")
    void versionIsTheProjectVersion(LaunchResult result) {
        assertTrue(result.getOutput().matches("(?s)fedblend-client \\d+\\.\\d+\\.\\d+.*"), result.getOutput());
    }

    @Test
    @Launch(value = "--no-such-flag", exitCode = 2)
    void unknownFlagIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("Unknown option: '--no-such-flag'"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("Usage: fedblend-client"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"local", "--model", "resnet"}, exitCode = 2)
    void unknownModelIsNamed(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown model 'resnet'"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("cnn, mlp"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"train", "--shard", "30000-60000"}, exitCode = 2)
    void malformedShardIsNamed(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("shard '30000-60000' must look like FROM:TO"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = {"--server-address", "localhost:http"}, exitCode = 2)
    void malformedServerAddressIsNamed(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("has port 'http'"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"train", "--connect-timeout", "soon"}, exitCode = 2)
    void malformedDurationIsNamed(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("'soon' is not a duration"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"local", "--epochs", "0"}, exitCode = 2)
    void zeroEpochsIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("epochs must be at least 1"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"--server-address", "example.org:8080", "history"}, exitCode = 2)
    void trainOptionsBeforeAnotherCommandAreAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--server-address goes after the command name"),
                result.getErrorOutput());
    }

    @Test
    @Launch(value = "data", exitCode = 2)
    void dataWithoutActionIsAUsageError(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("fetch or verify"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"compare", "--models", "target/no-such-models"}, exitCode = 1)
    void compareWithoutModelsFolderSaysWhereItLooked(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("no models folder at"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("no-such-models"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"compare", "--baseline", "a.fbm"}, exitCode = 2)
    void compareNeedsBothFiles(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--final"), result.getErrorOutput());
    }
}
