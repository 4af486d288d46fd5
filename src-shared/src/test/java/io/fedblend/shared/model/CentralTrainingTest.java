package io.fedblend.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CentralTrainingTest {

    @Test
    void cnnLearnsRealDigitsFarAboveChanceAndSaysSo() throws Exception {
        Dataset train = TestMnist.train(0, 2000);
        Dataset test = TestMnist.test(0, 1000);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Evaluation result = CentralTraining.trainAndEvaluate(ModelSpec.CNN, train, test, TrainingConfig.DEFAULT,
                42L, MnistModelTest.THREADS, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(1000, result.examples());
        assertTrue(result.accuracy() > 0.85, "accuracy " + result);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "test accuracy %.4f", result.accuracy())),
                text);
    }
}
