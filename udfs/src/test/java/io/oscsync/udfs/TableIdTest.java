package io.oscsync.udfs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableIdTest {

    @Test
    void toStringIsSchemaDotTable() {
        assertEquals("db.t1", new TableId("db", "t1").toString());
    }

    @Test
    void quotedBackquotesBothPartsAndDoublesInnerBackquotes() {
        assertEquals("`db`.`t1`", new TableId("db", "t1").quoted());
        assertEquals("`we``ird`.`a.b`", new TableId("we`ird", "a.b").quoted());
        assertEquals("````", TableId.quote("`"));
    }

    @Test
    void ordersBySchemaThenTable() {
        TreeSet<TableId> sorted =
                new TreeSet<>(List.of(new TableId("b", "a"), new TableId("a", "z"), new TableId("a", "b")));
        assertEquals(List.of(new TableId("a", "b"), new TableId("a", "z"), new TableId("b", "a")), List.copyOf(sorted));
        assertTrue(new TableId("a", "b").compareTo(new TableId("a", "b")) == 0);
    }

    @Test
    void rejectsNullParts() {
        assertThrows(NullPointerException.class, () -> new TableId(null, "t"));
        assertThrows(NullPointerException.class, () -> new TableId("s", null));
    }

    @Test
    void survivesJavaSerialization() {
        TableId id = new TableId("db", "t");
        assertEquals(id, SerializationSupport.roundTrip(id));
    }
}
