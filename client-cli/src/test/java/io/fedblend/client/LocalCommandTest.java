package io.fedblend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class LocalCommandTest {

    @Test
    void trainsWithoutAServerAndPrintsTestAccuracy(QuarkusMainLauncher launcher) {
        TestData.ensureMnist();
        LaunchResult result = launcher.launch("local", "--model", "mlp", "--shard", "0:2000", "--threads", "1");

        assertEquals(0, result.exitCode(), result.getErrorOutput());
        Matcher m = Pattern.compile(
                "mlp on MNIST train \\[0, 2000\\): test accuracy (\\d\\.\\d{4}), loss \\d+\\.\\d{4}, [0-9.]+ s in all")
                .matcher(result.getOutput());
        assertTrue(m.find(), result.getOutput());
        assertTrue(Double.parseDouble(m.group(1)) > 0.7,
                "an mlp on 2,000 images should beat chance by far: " + m.group());
    }
}
