package io.oscsync.udfs.osc;

import java.io.Serializable;

/** A table's role and the real table it belongs to ({@code origin} is the name itself for a real table). */
public record Classification(TableRole role, String origin) implements Serializable {

    public static Classification real(String table) {
        return new Classification(TableRole.REAL, table);
    }

    public boolean isReal() {
        return role == TableRole.REAL;
    }
}
