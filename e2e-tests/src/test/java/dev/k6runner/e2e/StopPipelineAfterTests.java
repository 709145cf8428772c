package dev.k6runner.e2e;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the services when the last test ends, while Kafka and Postgres still run: stopped from a
 * JVM shutdown hook instead, they would race the broker's own hook and hang on a dead broker.
 */
public class StopPipelineAfterTests implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Pipeline.stopIfStarted();
    }
}
