package io.oscsync.job.verify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkRowsTest {
    private static ChunkRows rows(List<?>... idAndRow) {
        ChunkRows r = new ChunkRows();
        for (List<?> x : idAndRow) {
            @SuppressWarnings("unchecked")
            List<String> row = (List<String>) x;
            r.add(row.subList(0, 1), row);
        }
        return r;
    }

    @Test
    void aRowTheUpstreamHoldsStillButTheDownstreamNotIsADifference() {
        ChunkRows up = rows(List.of("1", "a"), List.of("2", "b"), List.of("3", "c"));
        ChunkRows down = rows(List.of("1", "a"), List.of("2", "changed"), List.of("4", "extra"));
        List<RowDifference> d = ChunkRows.confirmed(up, down, up);
        assertThat(d)
                .extracting(RowDifference::kind, r -> r.id().get(0))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("changed", "2"),
                        org.assertj.core.groups.Tuple.tuple("missing downstream", "3"),
                        org.assertj.core.groups.Tuple.tuple("extra downstream", "4"));
    }

    @Test
    void aRowChangedUpstreamDuringTheWaitIsInFlightNotADifference() {
        ChunkRows before = rows(List.of("1", "a"), List.of("2", "b"));
        ChunkRows after = rows(List.of("1", "a2"), List.of("2", "b"), List.of("3", "new"));
        ChunkRows down = rows(List.of("1", "a"), List.of("2", "b"));
        assertThat(ChunkRows.confirmed(before, down, after)).isEmpty();
    }

    @Test
    void keylessRowsCountTheirCopies() {
        ChunkRows up = new ChunkRows();
        up.add(List.of("x"), List.of("x"));
        up.add(List.of("x"), List.of("x"));
        ChunkRows down = new ChunkRows();
        down.add(List.of("x"), List.of("x"));
        List<RowDifference> d = ChunkRows.confirmed(up, down, up);
        assertThat(d).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("copies differ");
            assertThat(r.upstreamCopies()).isEqualTo(2);
            assertThat(r.downstreamCopies()).isEqualTo(1);
        });
    }
}
