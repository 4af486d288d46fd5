package io.fedblend.server.config;

import io.fedblend.shared.data.Shard;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingConfig;

/**
 * What defines one training run. A new run takes these from the configuration; a resumed run takes them from
 * its database row, so a restart with other values cannot change a run half way.
 */
public record RunSettings(ModelSpec spec, double alpha, int rounds, Shard serverShard, TrainingConfig training) {
}
