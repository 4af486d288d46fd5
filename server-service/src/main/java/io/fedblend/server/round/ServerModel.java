package io.fedblend.server.round;

import io.fedblend.server.config.ConfigCheck;
import io.fedblend.server.config.FedBlendConfig;
import io.fedblend.server.config.RunSettings;
import io.fedblend.shared.data.Dataset;
import io.fedblend.shared.data.MnistStore;
import io.fedblend.shared.model.Evaluation;
import io.fedblend.shared.model.MnistModel;
import io.fedblend.shared.model.ModelSpec;
import io.fedblend.shared.model.TrainingProgress;
import io.fedblend.shared.model.Weights;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The server's own use of TensorFlow: training the baseline on its shard and evaluating models on the test set.
 * Called only from the coordinator's single model thread, so one evaluation model can be reused.
 */
@ApplicationScoped
public class ServerModel {

    private static final Logger LOG = Logger.getLogger(ServerModel.class);

    @Inject
    FedBlendConfig config;

    private MnistStore store;
    private Dataset testSet;
    private MnistModel evaluator;

    public synchronized Weights trainBaseline(RunSettings settings, TrainingProgress progress) throws IOException {
        Dataset train = store().train();
        if (settings.serverShard().to() > train.size()) {
            throw new IllegalArgumentException(ConfigCheck.key("server-shard") + " is " + settings.serverShard()
                    + " but the training set in " + store().dataDir() + " holds " + train.size() + " examples");
        }
        Dataset shard = train.slice(settings.serverShard());
        try (MnistModel model = MnistModel.create(settings.spec(), settings.training().seed(), config.threads())) {
            model.train(shard, settings.training(), progress);
            return model.weights();
        }
    }

    public synchronized Evaluation evaluate(ModelSpec spec, Weights weights) throws IOException {
        if (testSet == null) {
            testSet = store().test();
        }
        if (evaluator == null || !evaluator.spec().equals(spec)) {
            close();
            evaluator = MnistModel.create(spec, 0, config.threads());
        }
        evaluator.assign(weights);
        return evaluator.evaluate(testSet);
    }

    private MnistStore store() throws IOException {
        if (store == null) {
            MnistStore s = new MnistStore(config.dataDir().orElseGet(MnistStore::defaultDataDir));
            s.fetchIfMissing(LOG::info);
            store = s;
        }
        return store;
    }

    @PreDestroy
    synchronized void close() {
        if (evaluator != null) {
            evaluator.close();
            evaluator = null;
        }
    }
}
