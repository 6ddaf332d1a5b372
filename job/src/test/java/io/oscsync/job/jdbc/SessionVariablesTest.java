package io.oscsync.job.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionVariablesTest {
    @Test
    void numbersAsNumbersAndTheRestQuoted() {
        assertEquals("SET SESSION foreign_key_checks = 1", SessionVariables.statement("foreign_key_checks", "1"));
        assertEquals(
                "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ANSI_QUOTES'",
                SessionVariables.statement("sql_mode", "STRICT_TRANS_TABLES,ANSI_QUOTES"));
        assertEquals(
                "SET SESSION tidb_txn_mode = 'optimistic'", SessionVariables.statement("tidb_txn_mode", "optimistic"));
    }

    @Test
    void nothingButANameAndAPlainValueReachesTheStatement() {
        assertThrows(IllegalArgumentException.class, () -> SessionVariables.statement("sql_mode", "x'; DROP TABLE t"));
        assertThrows(IllegalArgumentException.class, () -> SessionVariables.statement("a=1,b", "1"));
        assertThrows(IllegalArgumentException.class, () -> SessionVariables.statement("a", null));
    }

    @Test
    void foreignKeyChecksFromTheSessionIsNoticed() {
        assertTrue(SessionVariables.setsForeignKeyChecks(Map.of("FOREIGN_KEY_CHECKS", "1")));
        assertFalse(SessionVariables.setsForeignKeyChecks(Map.of("sql_mode", "")));
        assertFalse(SessionVariables.setsForeignKeyChecks(null));
    }
}
