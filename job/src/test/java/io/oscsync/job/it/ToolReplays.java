package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.TestJob;

/** The job's failures from Flink's REST API, to fail a test at once with the job's own error. */
final class JobFailures {
    private JobFailures() {}

    /** The first failure recorded after {@code since} (epoch ms), as its stack trace; null if none or no REST. */
    static String since(FlinkRest rest, TestJob job, long since) {
        if (rest == null) return null;
        try {
            JsonNode history = rest.get("/jobs/" + job.id() + "/exceptions")
                    .path("exceptionHistory")
                    .path("entries");
            for (JsonNode e : history) {
                if (e.path("timestamp").asLong() >= since)
                    return e.path("stacktrace").asText();
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
