package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.source.PreconditionException;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestCertificates;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DM's security block: servers that accept the task's user only over TLS with a client
 * certificate (REQUIRE X509); the job replicates through them, verifying their certificates.
 */
class TlsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @TempDir
    static Path certDir;

    static TestCertificates certs;
    static MariaDbServer up;
    static MariaDbServer down;

    @BeforeAll
    static void startTlsServers() throws Exception {
        certs = TestCertificates.create(certDir);
        List<String> tls =
                List.of("--ssl-ca=" + certs.ca(), "--ssl-cert=" + certs.serverCert(), "--ssl-key=" + certs.serverKey());
        up = MariaDbServer.start("tls-up", concat(UpstreamDownstream.UPSTREAM_ARGS, tls));
        down = MariaDbServer.start("tls-down", concat(UpstreamDownstream.DOWNSTREAM_ARGS, tls));
        for (MariaDbServer s : List.of(up, down)) {
            for (String host : List.of("%", "localhost")) {
                s.exec(
                        "CREATE USER 'osc_tls'@'" + host + "' IDENTIFIED BY 'tls-pass' REQUIRE X509",
                        "GRANT ALL PRIVILEGES ON *.* TO 'osc_tls'@'" + host + "'");
            }
        }
    }

    @AfterAll
    static void stopTlsServers() {
        if (up != null) up.close();
        if (down != null) down.close();
    }

    @Test
    void replicatesOverVerifiedTlsWithAClientCertificate() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("tls");
        up.exec(
                "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + db + ".t VALUES (1, 'snapshot')");
        try (TestJob job = TestJob.start(task(db, certs.ca()))) {
            Await.until("snapshot over TLS", Duration.ofMinutes(2), () -> MigrationFixture.count(down, db + ".t") == 1);
            up.exec("INSERT INTO " + db + ".t VALUES (2, 'binlog')", "UPDATE " + db + ".t SET v = 'u' WHERE id = 1");
            Await.until("binlog over TLS", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(up, db, "t", down, db, "t");
                return true;
            });
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedAtStart() throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("tls_refused");
        up.exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        UpstreamChecks.run(task(db, certs.ca())); // the same task with the servers' own CA is accepted
        assertThatThrownBy(() -> UpstreamChecks.run(task(db, certs.otherCa())))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("upstream up1 (127.0.0.1:" + up.port() + ")")
                .hasMessageNotContaining("tls-pass")
                // refused by the TLS handshake's certificate check, not for another reason
                .satisfies(e -> assertThat(ExceptionUtils.findThrowable(e, SSLHandshakeException.class))
                        .as("an SSLHandshakeException in the causes of %s", e)
                        .isPresent());
    }

    private static TaskConfig task(String db, Path ca) {
        String security = "{ssl-ca: \"%s\", ssl-cert: \"%s\", ssl-key: \"%s\"}"
                .formatted(ca, certs.clientCert(), certs.clientKey());
        return new TaskConfigLoader(k -> null).parse("""
                name: tls-%1$s
                checkpoint-interval-ms: 500
                target-database: {host: 127.0.0.1, port: %2$d, user: osc_tls, password: tls-pass, security: %4$s}
                mysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %3$d
                    user: osc_tls
                    password: tls-pass
                    server-id: 9301
                    security: %4$s
                    block-allow-list: only
                block-allow-list:
                  only: {do-dbs: ["%1$s"]}
                """.formatted(db, down.port(), up.port(), security));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
