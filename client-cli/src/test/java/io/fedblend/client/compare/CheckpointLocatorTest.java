package io.fedblend.client.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.client.CommandFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocatorTest {

    @TempDir
    Path models;

    private Path touch(String relative) throws Exception {
        Path file = models.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {0});
    }

    @Test
    void picksTheHighestNumberedRunNotTheLexicallyLast() throws Exception {
        touch("run-9/baseline.fbm");
        touch("run-9/final.fbm");
        Path baseline = touch("run-10/baseline.fbm");
        Path fin = touch("run-10/final.fbm");

        assertEquals(new CheckpointLocator.Pair(baseline, fin), CheckpointLocator.newestRun(models));
    }

    @Test
    void aRunningRunFallsBackToItsLatestRound() throws Exception {
        Path baseline = touch("run-1/baseline.fbm");
        touch("run-1/round-2.fbm");
        Path latest = touch("run-1/round-12.fbm");

        assertEquals(new CheckpointLocator.Pair(baseline, latest), CheckpointLocator.newestRun(models));
    }

    @Test
    void aRunFolderMayBeGivenDirectly() throws Exception {
        Path baseline = touch("baseline.fbm");
        Path fin = touch("final.fbm");

        assertEquals(new CheckpointLocator.Pair(baseline, fin), CheckpointLocator.newestRun(models));
    }

    @Test
    void aRunWithOnlyItsBaselineIsExplained() throws Exception {
        touch("run-4/baseline.fbm");

        CommandFailure failure = assertThrows(CommandFailure.class, () -> CheckpointLocator.newestRun(models));
        assertTrue(failure.getMessage().contains("run-4 holds only [baseline.fbm]"), failure.getMessage());
    }
}
