package io.oscsync.udfs.osc;

import java.io.Serializable;

/**
 * A table's role and the real table it belongs to ({@code origin} is the name itself for a real
 * table). {@code originInName} is false for a tool table whose name does not say which table it
 * belongs to (Vitess' {@code _vt_vrp_<uuid>_<time>_}): its origin is then its own name until a
 * statement tells (see the route stage).
 */
public record Classification(TableRole role, String origin, boolean originInName) implements Serializable {

    public Classification(TableRole role, String origin) {
        this(role, origin, true);
    }

    public static Classification real(String table) {
        return new Classification(TableRole.REAL, table);
    }

    public boolean isReal() {
        return role == TableRole.REAL;
    }
}
