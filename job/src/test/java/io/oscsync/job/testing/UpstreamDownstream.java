package io.oscsync.job.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream and one downstream MariaDB per test JVM, started by the first test class that
 * uses this extension and stopped when the JVM's test run ends (root store). Inject the servers
 * as a {@link Pair} parameter; every test works in its own {@link #uniqueDatabase databases}.
 *
 * <pre>
 * &#64;ExtendWith(UpstreamDownstream.class)
 * class SomeIT {
 *     &#64;Test void copiesRows(UpstreamDownstream.Pair db) { ... }
 * }
 * </pre>
 *
 * <p>Upstream: binlog ROW/FULL, server-id 1, time zone +03:00. Downstream (stands in for TiDB):
 * time zone -07:00; the zones differ on purpose so a TIMESTAMP shifted on the way shows up; and
 * TiDB's default max_allowed_packet, 64 MiB.
 */
public final class UpstreamDownstream implements BeforeAllCallback, ParameterResolver {
    public static final List<String> UPSTREAM_ARGS = List.of(
            "--log-bin=mysql-bin",
            "--binlog-format=ROW",
            "--binlog-row-image=FULL",
            "--server-id=1",
            "--default-time-zone=+03:00");
    public static final List<String> DOWNSTREAM_ARGS = List.of(
            "--default-time-zone=-07:00",
            "--max-allowed-packet=64M"); // TiDB's default; MariaDB's 16M would refuse a row TiDB takes

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(UpstreamDownstream.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two servers; {@code upstream} writes a binlog the job reads. */
    public record Pair(MariaDbServer upstream, MariaDbServer downstream) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        pair(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Pair.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return pair(context);
    }

    /** The JVM-wide pair, started on first use. */
    public static Pair pair(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Servers.class, k -> Servers.start(), Servers.class)
                .pair();
    }

    /** A new database name on every call: {@code prefix_<counter>_<random>}, lower case, at most 64 chars. */
    public static String uniqueDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) clean = "db_" + clean;
        if (clean.length() > 40) clean = clean.substring(0, 40);
        return String.format(Locale.ROOT, "%s_%d_%06x", clean, COUNTER.incrementAndGet(), RANDOM.nextInt(1 << 24));
    }

    private record Servers(Pair pair) implements ExtensionContext.Store.CloseableResource {
        static Servers start() {
            // Both start in parallel; if one fails the other is stopped.
            var up = CompletableFuture.supplyAsync(() -> MariaDbServer.start("upstream", UPSTREAM_ARGS));
            MariaDbServer down;
            try {
                down = MariaDbServer.start("downstream", DOWNSTREAM_ARGS);
            } catch (RuntimeException e) {
                up.thenAccept(MariaDbServer::close);
                throw e;
            }
            try {
                return new Servers(new Pair(up.join(), down));
            } catch (CompletionException e) {
                down.close();
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public void close() {
            try {
                pair.downstream().close();
            } finally {
                pair.upstream().close();
            }
        }
    }
}
