package io.oscsync.job.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.shard.PessimisticLock;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The gauges a view registers, by name. */
    private static final class Gauges extends UnregisteredMetricsGroup {
        final Map<String, Gauge<?>> gauges = new HashMap<>();

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(name, gauge);
            return gauge;
        }

        JsonNode read(String name) throws Exception {
            return JSON.readTree((String) gauges.get(name).getValue());
        }
    }

    private final Gauges gauges = new Gauges();

    private StatusView view(Gauges g) {
        return new StatusView(g, r -> r.origin().table().equals("a") ? "shop.a" : "shop.b");
    }

    private static GhostRecord ghost(String table, int statements) {
        GhostRecord r =
                GhostRecord.created("up1", new TableId("shop", "_" + table + "_gho"), new TableId("shop", table), null);
        for (int i = 0; i < statements; i++)
            r = r.withDdl(DdlStatement.parse("ALTER TABLE _" + table + "_gho ADD COLUMN c" + i + " INT"));
        return r;
    }

    private static PessimisticLock lock(String... reached) {
        DdlStatement ddl = DdlStatement.parse("ALTER TABLE `shop`.`b` ADD COLUMN c INT");
        return new PessimisticLock(List.of(ddl), List.of(ddl.normalized()), reached[0], "ALTER ...", List.of(reached));
    }

    @Test
    void aMigrationShowsFromItsStartToItsCutOver() throws Exception {
        StatusView v = view(gauges);
        v.started(ghost("a", 0));
        v.recorded(ghost("a", 1));
        JsonNode m = gauges.read(StatusView.MIGRATIONS).get(0);
        assertThat(m.path("table").asText()).isEqualTo("shop.a");
        assertThat(m.path("tool").asText()).isEqualTo("gh-ost");
        assertThat(m.path("statements").asInt()).isEqualTo(1);
        assertThat(m.path("sinceMs").asLong()).isPositive();
        v.ended(ghost("a", 1));
        assertThat(gauges.read(StatusView.MIGRATIONS)).isEmpty();
    }

    @Test
    void aLockShowsReachedWaitingAndHeldUntilItResolves() throws Exception {
        StatusView v = view(gauges);
        Set<String> members = Set.of("up1:s1.b", "up1:s2.b", "up1:s3.b");
        v.lockChanged("shop.b", 0, lock("up1:s1.b"), members);
        v.held("shop.b");
        v.held("shop.b");
        v.lockChanged("shop.b", 2, lock("up1:s1.b", "up1:s2.b"), members);
        JsonNode l = gauges.read(StatusView.LOCKS).get(0);
        assertThat(l.path("reached")).extracting(JsonNode::asText).containsExactly("up1:s1.b", "up1:s2.b");
        assertThat(l.path("waiting")).extracting(JsonNode::asText).containsExactly("up1:s3.b");
        assertThat(l.path("heldEvents").asLong()).isEqualTo(2);
        assertThat(l.path("ddl").get(0).asText()).isEqualTo("ALTER TABLE `shop`.`b` ADD COLUMN c INT");
        v.lockChanged("shop.b", 1, null, members);
        assertThat(gauges.read(StatusView.LOCKS)).isEmpty();
    }

    @Test
    void aRestoreKeepsTheEntriesOfTheKeysTheSubtaskOwnsWithTheirStartTimes() throws Exception {
        StatusView v = view(gauges);
        v.started(ghost("a", 0));
        v.lockChanged("shop.b", 0, lock("up1:s1.b"), Set.of("up1:s1.b", "up1:s2.b"));
        v.held("shop.b");
        long since = gauges.read(StatusView.MIGRATIONS).get(0).path("sinceMs").asLong();
        List<Tuple2<String, String>> state = v.snapshot();

        Gauges ga = new Gauges();
        view(ga).restore(state, key -> key.equals("shop.a"));
        Gauges gb = new Gauges();
        view(gb).restore(state, key -> key.equals("shop.b"));
        assertThat(ga.read(StatusView.MIGRATIONS)).hasSize(1);
        assertThat(ga.read(StatusView.MIGRATIONS).get(0).path("sinceMs").asLong())
                .isEqualTo(since);
        assertThat(ga.read(StatusView.LOCKS)).isEmpty();
        assertThat(gb.read(StatusView.MIGRATIONS)).isEmpty();
        assertThat(gb.read(StatusView.LOCKS).get(0).path("heldEvents").asLong()).isEqualTo(1);
    }

    @Test
    void aMigrationFirstSeenAfterARestoreOfAnOlderSavepointHasNoStartTime() throws Exception {
        StatusView v = view(gauges);
        v.recorded(ghost("a", 2)); // its start was before the view existed
        JsonNode m = gauges.read(StatusView.MIGRATIONS).get(0);
        assertThat(m.path("statements").asInt()).isEqualTo(2);
        assertThat(m.path("sinceMs").asLong()).isZero();
    }
}
