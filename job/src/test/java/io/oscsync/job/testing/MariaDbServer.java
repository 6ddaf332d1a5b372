package io.oscsync.job.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway {@code mariadbd} (Debian's MariaDB 10.11) in a fresh temporary folder, on a free
 * loopback port, with root (no password) and user {@code osc}/{@code osc-pass} holding all
 * privileges. {@link #close()} stops it by its pid and deletes the folder; a JVM shutdown hook
 * stops servers a test forgot.
 *
 * <p>SQL helpers ({@link #exec}, {@link #query}) run as root and throw {@link
 * IllegalStateException} (cause: the {@link SQLException}) so they can be used in lambdas.
 */
public final class MariaDbServer implements AutoCloseable {
    public static final String USER = "osc";
    public static final String PASSWORD = "osc-pass";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<MariaDbServer> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> List.copyOf(RUNNING).forEach(MariaDbServer::close), "mariadb-test-servers-stop"));
    }

    private final String name;
    private final Path dir;
    private final int port;
    private volatile Process process;
    private List<String> command;

    private MariaDbServer(String name, Path dir, int port, Process process) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Installs a datadir, starts the server with the standard arguments plus {@code extraArgs}. */
    public static MariaDbServer start(String name, List<String> extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("osc-sync-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MariaDbServer server = null;
        boolean started = false;
        try {
            install(dir);
            for (int attempt = 1; server == null; attempt++) {
                // The free port may be taken before mariadbd binds it: then retry with another.
                server = launch(name, dir, freePort(), extraArgs, attempt == 3);
            }
            server.createOscUser();
            started = true;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!started) {
                if (server != null) server.close();
                deleteTree(dir);
            }
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    /**
     * The JDBC URL (no database selected). Chosen so values are not shifted by the driver:
     * {@code connectionTimeZone=SERVER} with {@code forceConnectionTimeZoneToSession=false} and
     * {@code preserveInstants=true} make the driver use the session's own zone (never the JVM's)
     * for {@code Timestamp} objects and never change the session's {@code time_zone};
     * {@code getString} returns the server's text as-is. {@code tinyInt1isBit=false} and
     * {@code yearIsDateType=false} keep TINYINT(1) and YEAR as plain numbers.
     */
    public String jdbcUrl() {
        return "jdbc:mysql://" + HOST + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                + "&connectionTimeZone=SERVER&forceConnectionTimeZoneToSession=false&preserveInstants=true"
                + "&tinyInt1isBit=false&yearIsDateType=false&connectTimeout=10000";
    }

    public Connection connectRoot() throws SQLException {
        return connect("root", "");
    }

    /** A connection as user {@code osc}. */
    public Connection connect() throws SQLException {
        return connect(USER, PASSWORD);
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /** Runs each statement, in order, on one root connection. */
    public void exec(String... sql) {
        try (Connection c = connectRoot();
                Statement st = c.createStatement()) {
            for (String s : sql) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    throw new IllegalStateException(name + ": " + e.getMessage() + " in: " + s, e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** Every row of the result, every value via {@code getString} (NULL as null); {@code ?} take params. */
    public List<List<String>> query(String sql, Object... params) {
        try (Connection c = connectRoot();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            try (ResultSet rs = st.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage() + " in: " + sql, e);
        }
    }

    /** Stops the server (SIGTERM, 30 s, then SIGKILL) and deletes its folder. Idempotent. */
    @Override
    public void close() {
        if (!RUNNING.remove(this)) return;
        stop(process);
        deleteTree(dir);
    }

    /** Stops the server cleanly (SIGTERM by pid), keeping its data, as in a downstream outage. */
    public void stopKeepingData() {
        stop(process);
    }

    /** Starts the server stopped by {@link #stopKeepingData()} again, on the same port and data. */
    public void startAgain() throws IOException {
        if (process.isAlive()) throw new IllegalStateException(name + " is running");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("server.out").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException(name + " did not start again; " + logTail());
            try {
                connectRoot().close();
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException(name + " did not start again", e);
            }
            sleep(200);
        }
    }

    @Override
    public String toString() {
        return name + "@" + HOST + ":" + port + " (pid " + pid() + ")";
    }

    // ---- start-up ----

    /** Each server its own temporary folder: in a shared /tmp, servers' temporary tables collided at install. */
    private static Path tmpdir(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("tmp"));
    }

    private static void install(Path dir) throws IOException {
        Path log = dir.resolve("install.log");
        Process p = new ProcessBuilder(
                        binary("mariadb-install-db"),
                        "--no-defaults",
                        "--datadir=" + dir.resolve("data"),
                        "--tmpdir=" + tmpdir(dir),
                        "--user=root",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db timed out; " + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    "mariadb-install-db failed (" + p.exitValue() + "); " + errorLines(log) + tail(log));
        }
    }

    /** Returns the running server, or null when the port was taken (and {@code lastAttempt} is false). */
    private static MariaDbServer launch(String name, Path dir, int port, List<String> extraArgs, boolean lastAttempt)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                binary("mariadbd"),
                "--no-defaults",
                "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + tmpdir(dir),
                "--port=" + port,
                "--socket=" + dir.resolve("mysqld.sock"),
                "--bind-address=" + HOST,
                "--user=root",
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log")));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.out").toFile())
                .start();
        MariaDbServer server = new MariaDbServer(name, dir, port, p);
        server.command = List.copyOf(cmd);
        RUNNING.add(server);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                RUNNING.remove(server);
                String log = server.logTail();
                if (!lastAttempt && log.contains("Address already in use")) return null;
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; " + log);
            }
            try {
                server.connectRoot().close();
                return server;
            } catch (SQLException e) {
                last = e;
            }
            sleep(200);
        }
        server.close();
        throw new IllegalStateException(name + " did not accept connections within " + START_TIMEOUT + " (last error: "
                + (last == null ? "none" : last.getMessage()) + "); " + server.logTail());
    }

    private void createOscUser() {
        for (String host : List.of("%", "localhost")) {
            String user = "'" + USER + "'@'" + host + "'";
            exec(
                    "CREATE OR REPLACE USER " + user + " IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL PRIVILEGES ON *.* TO " + user + " WITH GRANT OPTION");
        }
    }

    private String logTail() {
        return tail(dir.resolve("error.log")) + "; " + tail(dir.resolve("server.out"));
    }

    // ---- helpers ----

    private static String binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/sbin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(
                        name + " not found on PATH or in /usr/sbin; run deploy/local/install-deps.sh"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) {
        p.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The lines that say what went wrong, which the tool prints before a long help text. */
    private static String errorLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return "errors: "
                    + lines.filter(l -> l.contains("ERROR") || l.contains("rror:"))
                            .limit(10)
                            .toList() + "; ";
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return "tail of " + file + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover temp folder is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
