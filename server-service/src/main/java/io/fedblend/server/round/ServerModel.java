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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The server's own use of TensorFlow: training the baseline on its shard and evaluating models on the test set.
 * Called from the coordinator's single model thread; the lock only keeps shutdown from closing a model in use.
 */
@ApplicationScoped
public class ServerModel {

    private static final Logger LOG = Logger.getLogger(ServerModel.class);

    @Inject
    FedBlendConfig config;

    private final ReentrantLock lock = new ReentrantLock();
    private MnistStore store;
    private Dataset testSet;
    private MnistModel evaluator;

    public Weights trainBaseline(RunSettings settings, TrainingProgress progress) throws IOException {
        lock.lock();
        try {
            return train(settings, progress);
        } finally {
            lock.unlock();
        }
    }

    private Weights train(RunSettings settings, TrainingProgress progress) throws IOException {
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

    public Evaluation evaluate(ModelSpec spec, Weights weights) throws IOException {
        lock.lock();
        try {
            if (testSet == null) {
                testSet = store().test();
            }
            if (evaluator == null || !evaluator.spec().equals(spec)) {
                closeEvaluator();
                evaluator = MnistModel.create(spec, 0, config.threads());
            }
            evaluator.assign(weights);
            return evaluator.evaluate(testSet);
        } finally {
            lock.unlock();
        }
    }

    private MnistStore store() throws IOException {
        if (store == null) {
            MnistStore s = new MnistStore(config.dataDir().orElseGet(MnistStore::defaultDataDir));
            s.fetchIfMissing(LOG::info);
            store = s;
        }
        return store;
    }

    /**
     * Frees the evaluation model's native memory, unless training or evaluation still runs at shutdown: then
     * waiting would hold the shutdown up for minutes, and the process frees it anyway.
     */
    @PreDestroy
    void close() throws InterruptedException {
        if (lock.tryLock(5, TimeUnit.SECONDS)) {
            try {
                closeEvaluator();
            } finally {
                lock.unlock();
            }
        }
    }

    private void closeEvaluator() {
        if (evaluator != null) {
            evaluator.close();
            evaluator = null;
        }
    }
}
