package io.fedblend.server;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Starts the server on a database that already holds a RUNNING run, as after a crash. */
public class ResumeProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CrashedRun.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
