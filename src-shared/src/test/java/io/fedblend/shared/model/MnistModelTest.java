package io.fedblend.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MnistModelTest {

    /** Every model in the test JVM uses the same count: TensorFlow sizes its pool from the first session. */
    static final int THREADS = 2;
    private static final TrainingConfig SMALL = new TrainingConfig(2, 32, 1e-3f, 7L);

    @Test
    void sameSeedAndThreadsGiveBitIdenticalWeightsAfterTraining() {
        Dataset data = TestMnist.noise(320, 1L);
        Weights initial;
        Weights first;
        Weights second;
        try (MnistModel a = MnistModel.create(ModelSpec.CNN, 11L, THREADS)) {
            initial = a.weights();
            a.train(data, SMALL, TrainingProgress.NONE);
            first = a.weights();
        }
        try (MnistModel b = MnistModel.create(ModelSpec.CNN, 11L, THREADS)) {
            b.train(data, SMALL, TrainingProgress.NONE);
            second = b.weights();
        }
        assertFalse(first.sameAs(initial), "training must change the weights");
        assertTrue(first.sameAs(second), "two runs with the same seed and threads must give identical weights");
    }

    @Test
    void startingWeightsFollowTheSeed() {
        try (MnistModel a = MnistModel.create(ModelSpec.MLP, 3L, THREADS);
                MnistModel b = MnistModel.create(ModelSpec.MLP, 3L, THREADS);
                MnistModel c = MnistModel.create(ModelSpec.MLP, 4L, THREADS)) {
            assertTrue(a.weights().sameAs(b.weights()));
            assertFalse(a.weights().sameAs(c.weights()));
        }
    }

    @Test
    void assignResetsTheOptimiserSoTrainingRepeatsExactly() {
        Dataset data = TestMnist.noise(200, 2L);
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 5L, THREADS)) {
            Weights start = model.weights();
            model.train(data, SMALL, TrainingProgress.NONE);
            Weights once = model.weights();
            model.assign(start);
            model.train(data, SMALL, TrainingProgress.NONE);
            assertTrue(model.weights().sameAs(once), "training after assign must not remember earlier Adam state");
        }
    }

    @Test
    void weightsReadBackExactlyAsAssigned() {
        try (MnistModel source = MnistModel.create(ModelSpec.CNN, 1L, THREADS);
                MnistModel target = MnistModel.create(ModelSpec.CNN, 2L, THREADS)) {
            Weights w = source.weights();
            target.assign(w);
            assertTrue(target.weights().sameAs(w));
            assertEquals(ModelSpec.CNN.tensors(), w.specs());
        }
    }

    @Test
    void assignRefusesWrongShapes() {
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 1L, THREADS)) {
            List<Weights.Tensor> tensors = new ArrayList<>(model.weights().tensors());
            tensors.set(1, new Weights.Tensor(new TensorSpec("dense1_bias", new long[] {64}), new float[64]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.assign(Weights.of(tensors)));
            assertTrue(e.getMessage().contains("dense1_bias") && e.getMessage().contains("[128]"), e.getMessage());
        }
    }

    @Test
    void assignRefusesAnotherModelsWeights() {
        try (MnistModel mlp = MnistModel.create(ModelSpec.MLP, 1L, THREADS);
                MnistModel cnn = MnistModel.create(ModelSpec.CNN, 1L, THREADS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mlp.assign(cnn.weights()));
            assertTrue(e.getMessage().contains("dense1_kernel"), e.getMessage());
        }
    }

    @Test
    void refusesImagesOfAnotherSize() {
        Dataset small = new Dataset("tiny", new byte[4 * 16 * 16], new byte[4], 16, 16);
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 1L, THREADS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.train(small, SMALL, TrainingProgress.NONE));
            assertTrue(e.getMessage().contains("tiny") && e.getMessage().contains("16x16"), e.getMessage());
        }
    }

    @Test
    void reportsProgressUpToTheWholeEpoch() {
        Dataset data = TestMnist.noise(100, 3L);
        List<long[]> calls = new ArrayList<>();
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 1L, THREADS)) {
            double loss = model.train(data, new TrainingConfig(2, 32, 1e-3f, 1L),
                    (epoch, epochs, seen, size, mean) -> calls.add(new long[] {epoch, epochs, seen, size}));
            assertTrue(loss > 0 && Double.isFinite(loss));
        }
        assertEquals(8, calls.size(), "4 batches of at most 32 in each of 2 epochs");
        assertEquals(List.of(1L, 2L, 100L, 100L), List.of(calls.get(3)[0], calls.get(3)[1], calls.get(3)[2],
                calls.get(3)[3]));
        assertEquals(2L, calls.get(7)[0]);
        assertEquals(100L, calls.get(7)[2]);
    }

    @Test
    void mlpLearnsRealDigitsFarAboveChance() throws Exception {
        Dataset train = TestMnist.train(0, 2000);
        Dataset test = TestMnist.test(0, 1000);
        try (MnistModel model = MnistModel.create(ModelSpec.MLP, 42L, THREADS)) {
            model.train(train, new TrainingConfig(2, 32, 1e-3f, 42L), TrainingProgress.NONE);
            Evaluation result = model.evaluate(test);
            assertEquals(1000, result.examples());
            assertTrue(result.accuracy() > 0.8, "accuracy " + result);
        }
    }
}
