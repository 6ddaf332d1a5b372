package io.oscsync.job;

/**
 * Operator uids, in one place. A uid is never renamed: savepoints map state to operators by it.
 */
public final class Uids {
    public static final String COORDINATOR = "osc-coordinator";
    public static final String SINK = "osc-tidb-sink";

    private Uids() {}

    public static String source(String sourceId) {
        return "osc-source-" + sourceId;
    }

    public static String classifyAndRoute(String sourceId) {
        return "osc-classify-route-" + sourceId;
    }
}
