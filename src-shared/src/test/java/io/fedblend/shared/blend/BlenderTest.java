package io.fedblend.shared.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedblend.shared.model.TensorSpec;
import io.fedblend.shared.model.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlenderTest {

    // Values that expose careless arithmetic: signed zeros, a subnormal, and magnitudes far apart.
    private static final float[] SERVER = {1f, -0f, 1e30f, Float.MIN_VALUE, 3.25f, 0.1f};
    private static final float[] CLIENT = {3f, 0f, 1e-30f, -7f, -0f, 0.7f};

    static Weights weights(float[] kernel, float... bias) {
        return Weights.of(List.of(
                new Weights.Tensor(new TensorSpec("kernel", new long[] {2, 3}), kernel),
                new Weights.Tensor(new TensorSpec("bias", new long[] {bias.length}), bias)));
    }

    static void assertBitIdentical(Weights expected, Weights actual) {
        assertTrue(expected.sameAs(actual), "expected " + expected + " bit for bit");
    }

    @Test
    void alphaZeroKeepsServerWeightsBitForBit() {
        Weights server = weights(SERVER, 0.5f);
        Weights blended = Blender.blend(server, weights(CLIENT, 9f), 0.0);

        assertBitIdentical(server, blended);
        assertNotSame(server.tensor("kernel").values(), blended.tensor("kernel").values());
    }

    @Test
    void alphaOneTakesClientWeightsBitForBit() {
        Weights client = weights(CLIENT, 9f);

        assertBitIdentical(client, Blender.blend(weights(SERVER, 0.5f), client, 1.0));
    }

    @Test
    void alphaHalfGivesTheMean() {
        Weights blended = Blender.blend(weights(new float[] {1, 3, -1, 0, 10, 2}, 4f),
                weights(new float[] {3, 5, 2, 0, -10, 2}, 8f), 0.5);

        assertArrayEquals(new float[] {2, 4, 0.5f, 0, 0, 2}, blended.tensor("kernel").values());
        assertArrayEquals(new float[] {6}, blended.tensor("bias").values());
    }

    @Test
    void alphaWeighsServerAgainstClient() {
        Weights blended = Blender.blend(weights(new float[] {0, 0, 0, 0, 0, 0}, 10f),
                weights(new float[] {1, 2, 4, 8, 16, 32}, 20f), 0.25);

        assertArrayEquals(new float[] {0.25f, 0.5f, 1, 2, 4, 8}, blended.tensor("kernel").values());
        assertArrayEquals(new float[] {12.5f}, blended.tensor("bias").values());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesAlphaOutsideZeroToOne(double alpha) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blender.blend(weights(SERVER, 1f), weights(CLIENT, 1f), alpha));

        assertTrue(e.getMessage().contains("alpha must be a number in [0, 1], got " + alpha), e.getMessage());
    }

    @Test
    void weightedAverageWeighsBySamples() {
        Weights average = Blender.weightedAverage(List.of(
                new ClientUpdate("a", weights(new float[] {0, 0, 0, 0, 0, 0}, 1f), 1),
                new ClientUpdate("b", weights(new float[] {4, 8, -4, 1, 0, 2}, 5f), 3)));

        assertArrayEquals(new float[] {3, 6, -3, 0.75f, 0, 1.5f}, average.tensor("kernel").values());
        assertArrayEquals(new float[] {4}, average.tensor("bias").values());
    }

    @Test
    void averageOfOneUpdateIsThatUpdateBitForBit() {
        Weights only = weights(CLIENT, 0.1f);

        assertBitIdentical(only, Blender.weightedAverage(List.of(new ClientUpdate("a", only, 12345))));
    }

    @Test
    void blendRoundBlendsTheSampleWeightedAverage() {
        Weights server = weights(new float[] {8, 8, 8, 8, 8, 8}, 0f);
        List<ClientUpdate> updates = List.of(
                new ClientUpdate("a", weights(new float[] {0, 0, 0, 0, 0, 0}, 0f), 100),
                new ClientUpdate("b", weights(new float[] {4, 4, 4, 4, 4, 4}, 8f), 300));

        Weights next = Blender.blendRound(server, updates, 0.5);

        assertArrayEquals(new float[] {5.5f, 5.5f, 5.5f, 5.5f, 5.5f, 5.5f}, next.tensor("kernel").values());
        assertArrayEquals(new float[] {3}, next.tensor("bias").values());
    }

    @Test
    void blendRoundWithOneClientAndAlphaOneIsThatClient() {
        Weights client = weights(CLIENT, -0f);

        assertBitIdentical(client, Blender.blendRound(weights(SERVER, 1f), List.of(new ClientUpdate("a", client, 7)), 1));
    }

    @Test
    void refusesEmptyRound() {
        assertThrows(IllegalArgumentException.class, () -> Blender.blendRound(weights(SERVER, 1f), List.of(), 0.5));
    }

    @Test
    void refusesTensorOfAnotherShapeNamingIt() {
        Weights odd = Weights.of(List.of(
                new Weights.Tensor(new TensorSpec("kernel", new long[] {3, 2}), CLIENT),
                new Weights.Tensor(new TensorSpec("bias", new long[] {1}), new float[] {1})));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blender.blend(weights(SERVER, 1f), odd, 0.5));

        assertEquals("tensor kernel has shape [3, 2] in the client weights but [2, 3] in the model it is"
                + " blended with", e.getMessage());
    }

    @Test
    void refusesMissingOrExtraTensorNamingIt() {
        Weights kernelOnly = Weights.of(List.of(new Weights.Tensor(new TensorSpec("kernel", new long[] {2, 3}), CLIENT)));
        List<ClientUpdate> updates = List.of(new ClientUpdate("c7", kernelOnly, 1));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Blender.blendRound(weights(SERVER, 1f), updates, 0.5));
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> Blender.blend(kernelOnly, weights(SERVER, 1f), 0.5));

        assertEquals("the weights of client c7 lack tensor bias", missing.getMessage());
        assertTrue(extra.getMessage().contains("hold tensor bias"), extra.getMessage());
    }
}
