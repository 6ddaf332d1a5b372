package io.oscsync.job.jdbc;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DM's {@code security} block (PEM files) as the Java clients need it: with it, every connection
 * uses TLS and verifies the server's certificate and host name (VERIFY_IDENTITY), as TiDB Cloud
 * requires; with ssl-cert and ssl-key the client also presents its certificate.
 *
 * <p>Java's MySQL clients read PKCS#12 stores, not PEM, so the stores are made from the PEM files
 * in each JVM that connects, under a name and password derived from the files' contents (the
 * same on every node, so the source's settings made on the client hold on the TaskManagers). The
 * PEM files must be at the same paths on every node, as with DM (a mounted Secret on Kubernetes).
 */
public final class Tls {
    private Tls() {}

    /** Properties for a MySQL Connector/J connection. */
    public static Map<String, String> jdbcProperties(TaskConfig.Security security) {
        Map<String, String> p = new LinkedHashMap<>();
        if (security == null) {
            p.put("useSSL", "false");
            p.put("allowPublicKeyRetrieval", "true");
            return p;
        }
        Stores s = stores(security);
        p.put("sslMode", "VERIFY_IDENTITY");
        p.put("trustCertificateKeyStoreUrl", s.trust().toUri().toString());
        p.put("trustCertificateKeyStoreType", "PKCS12");
        p.put("trustCertificateKeyStorePassword", s.password());
        if (s.key() != null) {
            p.put("clientCertificateKeyStoreUrl", s.key().toUri().toString());
            p.put("clientCertificateKeyStoreType", "PKCS12");
            p.put("clientCertificateKeyStorePassword", s.password());
        }
        return p;
    }

    /** Properties for Debezium's binlog client. */
    public static Map<String, String> debeziumProperties(TaskConfig.Security security) {
        Map<String, String> p = new LinkedHashMap<>();
        if (security == null) {
            p.put("database.ssl.mode", "disabled");
            return p;
        }
        Stores s = stores(security);
        p.put("database.ssl.mode", "verify_identity");
        p.put("database.ssl.truststore", s.trust().toString());
        p.put("database.ssl.truststore.password", s.password());
        if (s.key() != null) {
            p.put("database.ssl.keystore", s.key().toString());
            p.put("database.ssl.keystore.password", s.password());
        }
        return p;
    }

    /** The PKCS#12 stores for these PEM files in this JVM's temp folder, made if missing. */
    public static synchronized Stores stores(TaskConfig.Security security) {
        try {
            String ca = read(security.sslCa(), "ssl-ca");
            String cert = security.sslCert() == null ? "" : read(security.sslCert(), "ssl-cert");
            String key = security.sslKey() == null ? "" : read(security.sslKey(), "ssl-key");
            String digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((ca + "\0" + cert + "\0" + key).getBytes(StandardCharsets.UTF_8)));
            String password = digest.substring(0, 32);
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "osc-sync-tls"));
            Path trust = dir.resolve(digest.substring(32) + "-trust.p12");
            if (!Files.exists(trust)) {
                KeyStore ks = emptyStore();
                List<Certificate> cas = certificates(ca, security.sslCa());
                for (int i = 0; i < cas.size(); i++) ks.setCertificateEntry("ca-" + i, cas.get(i));
                write(ks, trust, password);
            }
            Path keyStore = null;
            if (!cert.isEmpty()) {
                keyStore = dir.resolve(digest.substring(32) + "-key.p12");
                if (!Files.exists(keyStore)) {
                    KeyStore ks = emptyStore();
                    ks.setKeyEntry(
                            "client",
                            privateKey(key, security.sslKey()),
                            password.toCharArray(),
                            certificates(cert, security.sslCert()).toArray(Certificate[]::new));
                    write(ks, keyStore, password);
                }
            }
            return new Stores(trust, keyStore, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("security: cannot prepare TLS from the PEM files: " + e.getMessage(), e);
        }
    }

    /** The stores and their password (derived from the PEM contents, not a user secret). */
    public record Stores(Path trust, Path key, String password) {}

    private static String read(String path, String field) throws IOException {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException("security." + field + ": cannot read " + path + " on this node (" + e.getMessage()
                    + "); the PEM files must be at the same path on every node");
        }
    }

    private static List<Certificate> certificates(String pem, String path) throws GeneralSecurityException {
        List<Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        if (certs.isEmpty()) throw new ConfigException("security: no certificate in " + path);
        return certs;
    }

    private static PrivateKey privateKey(String pem, String path) throws GeneralSecurityException {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ConfigException("security.ssl-key: " + path + " is not an unencrypted PKCS#8 PEM key "
                    + "(BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        String base64 = pem.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----|-----END PRIVATE KEY-----.*", "")
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new ConfigException("security.ssl-key: " + path + " holds a key that is not RSA, EC or Ed25519");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    /** Written to a temp file and moved into place, so a concurrent reader never sees half a store. */
    private static void write(KeyStore ks, Path target, String password) throws IOException, GeneralSecurityException {
        Path tmp = Files.createTempFile(target.getParent(), "store", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password.toCharArray());
        }
        tmp.toFile().setReadable(false, false);
        tmp.toFile().setReadable(true, true);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
