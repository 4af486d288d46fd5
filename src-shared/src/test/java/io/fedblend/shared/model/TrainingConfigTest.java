package io.fedblend.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void eachRoundGetsItsOwnShuffleSeedAndKeepsTheRest() {
        TrainingConfig base = new TrainingConfig(2, 64, 5e-4f, 42L);
        TrainingConfig round1 = base.forRound(1);
        TrainingConfig round2 = base.forRound(2);

        assertNotEquals(round1.seed(), round2.seed());
        assertNotEquals(base.seed(), round1.seed());
        assertEquals(round1, base.forRound(1), "the same round gives the same seed");
        assertEquals(new TrainingConfig(2, 64, 5e-4f, round2.seed()), round2);
    }

    @Test
    void refusesSettingsThatCannotTrain() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(0, 32, 1e-3f, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 0, 1e-3f, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 32, Float.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 32, -1f, 1));
    }
}
