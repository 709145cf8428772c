package dev.k6runner.model;

/** The Kafka topics between the stages, in the order a run crosses them. */
public enum Topic {
    /** Gateway → runners, consumed through the share group {@link Names#RUNNER_SHARE_GROUP}. */
    RUNS_REQUESTED(Names.RUNS_REQUESTED),
    /** Gateway → every runner: stop a run (cancel). Each runner reads all of it. */
    RUNS_CONTROL(Names.RUNS_CONTROL),
    /** Runner → analyzer: k6 ended, with its raw results. */
    RUNS_FINISHED(Names.RUNS_FINISHED),
    /** Analyzer: messages it could not process, with the reason in the headers. */
    RUNS_FINISHED_DLT(Names.RUNS_FINISHED_DLT);

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    public String topicName() {
        return topicName;
    }

    /** Compile-time constants, for annotations that cannot call {@link #topicName()}. */
    public interface Names {
        String RUNS_REQUESTED = "k6.runs.requested";
        String RUNS_CONTROL = "k6.runs.control";
        String RUNS_FINISHED = "k6.runs.finished";
        String RUNS_FINISHED_DLT = "k6.runs.finished.dlt";
        String RUNNER_SHARE_GROUP = "k6-runners";
        String ANALYZER_GROUP = "k6-analyzers";
    }
}
