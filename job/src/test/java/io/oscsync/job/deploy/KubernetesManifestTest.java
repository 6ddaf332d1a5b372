package io.oscsync.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.testing.ShippedConf;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s/ read the way the Flink Kubernetes Operator and Kubernetes read it, and its task file
 * the way the job reads it: the manifests and the product cannot drift apart unnoticed.
 */
class KubernetesManifestTest {
    /** Relative to the job module, where Maven runs its tests. */
    private static final Path K8S = Path.of("../deploy/k8s");

    private static final Path CONF = Path.of("../conf");
    private static final String CONTAINER = "flink-main-container";
    /** The task loader's reference syntax: ${VAR} or ${VAR:-default}. */
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?}");

    private static final ObjectMapper YAML =
            JsonMapper.builder(new YAMLFactory()).build();

    private static Map<String, JsonNode> documents;
    private static FlinkDeployment deployment;
    private static PodSpec pod;
    private static Container container;
    private static Configuration flinkConf;

    @BeforeAll
    static void readManifests() throws IOException {
        documents = new HashMap<>();
        for (String file : List.of("osc-sync.yaml", "secret-template.yaml")) {
            for (JsonNode doc : YAML.readerFor(JsonNode.class)
                    .<JsonNode>readValues(K8S.resolve(file).toFile())
                    .readAll()) {
                if (doc == null || doc.isMissingNode() || doc.isNull()) continue;
                assertNull(documents.put(doc.path("kind").asText(), doc), "one " + doc.path("kind") + " only");
            }
        }
        assertEquals(Set.of("FlinkDeployment", "ConfigMap", "Secret", "PersistentVolumeClaim"), documents.keySet());
        deployment = YAML.treeToValue(documents.get("FlinkDeployment"), FlinkDeployment.class);
        pod = deployment.getSpec().getPodTemplate().getSpec();
        container = pod.getContainers().stream()
                .filter(c -> c.getName().equals(CONTAINER))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the pod template must name its container " + CONTAINER
                        + ", or the operator does not merge it into Flink's"));
        flinkConf = Configuration.fromMap(deployment.getSpec().getFlinkConfiguration());
    }

    @Test
    void flinkDeploymentIsValidForTheOperatorsCrd() throws IOException {
        JsonNode crd;
        try (InputStream in = FlinkDeployment.class.getResourceAsStream(
                "/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertNotNull(in, "the operator API jar carries its CRD");
            crd = YAML.readTree(in);
        }
        JsonNode doc = documents.get("FlinkDeployment");
        assertEquals("flink.apache.org/v1beta1", doc.path("apiVersion").asText());
        JsonNode version = null;
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.path("name").asText().equals("v1beta1")) version = v;
        }
        assertNotNull(version, "the CRD serves v1beta1");
        List<String> problems = new ArrayList<>();
        CrdSchema.check(doc, version.at("/schema/openAPIV3Schema"), "", problems);
        assertEquals(List.of(), problems, "what the API server would refuse or drop");
    }

    @Test
    void jobRunsTheImagesJarWithTheMountedTaskFileAndUpgradesBySavepoint() throws IOException {
        assertEquals(FlinkVersion.v1_20, deployment.getSpec().getFlinkVersion());
        assertEquals("flink", deployment.getSpec().getServiceAccount());
        JobSpec job = deployment.getSpec().getJob();
        assertEquals(UpgradeMode.SAVEPOINT, job.getUpgradeMode());
        assertEquals(JobState.RUNNING, job.getState());
        assertEquals(
                Boolean.FALSE,
                job.getAllowNonRestoredState(),
                "a savepoint with state the new version has no operator for must fail the start");
        assertEquals(1, job.getParallelism());
        assertEquals("local:///opt/flink/usrlib/osc-sync-job.jar", job.getJarURI());

        // The Dockerfile builds on the Flink this project builds against and puts the jar where jarURI says.
        List<String> dockerfile = Files.readAllLines(K8S.resolve("Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertEquals("FROM flink:" + EnvironmentInformation.getVersion() + "-java17", dockerfile.get(0));
        String copy = dockerfile.stream()
                .filter(l -> l.startsWith("COPY "))
                .findFirst()
                .orElseThrow();
        assertTrue(
                copy.matches("COPY .*job/target/osc-sync-job\\.jar "
                        + Pattern.quote(job.getJarURI().substring("local://".length()))),
                copy);
        // Flink CDC (Debezium) and osc-sync need the JDBC driver, which the job jar does not bundle.
        assertTrue(
                dockerfile.contains("COPY --chown=flink:flink job/target/lib/mysql-connector-j-*.jar /opt/flink/lib/"),
                "the image puts the MySQL JDBC driver into Flink's lib/");

        List<String> args = Arrays.asList(job.getArgs());
        assertEquals(List.of("--task", "/opt/osc-sync/task.yaml"), args);
        Path task = Path.of(args.get(args.indexOf("--task") + 1));
        Volume volume = mountedVolume(task.getParent().toString());
        assertNotNull(volume.getConfigMap(), "the task file's folder is a ConfigMap volume");
        ConfigMap configMap = YAML.treeToValue(documents.get("ConfigMap"), ConfigMap.class);
        assertEquals(configMap.getMetadata().getName(), volume.getConfigMap().getName());
        assertTrue(
                configMap.getData().containsKey(task.getFileName().toString()),
                "the ConfigMap holds " + task.getFileName() + ": "
                        + configMap.getData().keySet());
    }

    @Test
    void jvmOptionsAreDeployJvmOptions() throws IOException {
        List<String> file = Files.readAllLines(Path.of("../deploy/jvm-options")).stream()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .toList();
        assertEquals(
                file,
                List.of(flinkConf.get(CoreOptions.FLINK_JVM_OPTIONS).trim().split("\\s+")),
                "env.java.opts.all must be deploy/jvm-options on one line");
    }

    @Test
    void stateIsRocksDbWithCheckpointsAndSavepointsOnTheVolume() {
        assertEquals("rocksdb", flinkConf.get(StateBackendOptions.STATE_BACKEND));
        assertTrue(flinkConf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        assertFalse(flinkConf.get(PipelineOptions.GENERIC_TYPES));
        assertFalse(
                deployment.getSpec().getFlinkConfiguration().containsKey("execution.checkpointing.interval"),
                "the job sets the interval from the task file's checkpoint-interval-ms");

        Volume data = pod.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no PersistentVolumeClaim volume"));
        PersistentVolumeClaim claim =
                YAML.convertValue(documents.get("PersistentVolumeClaim"), PersistentVolumeClaim.class);
        assertEquals(
                claim.getMetadata().getName(), data.getPersistentVolumeClaim().getClaimName());
        assertEquals(
                List.of("ReadWriteMany"),
                claim.getSpec().getAccessModes(),
                "the JobManager and the TaskManagers write checkpoints from different nodes");
        String mount = container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(data.getName()))
                .map(VolumeMount::getMountPath)
                .findFirst()
                .orElseThrow();
        assertEquals(9999L, pod.getSecurityContext().getFsGroup(), "the flink user of the image can write there");

        String checkpoints = flinkConf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        String savepoints = flinkConf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
        String ha = flinkConf.get(HighAvailabilityOptions.HA_STORAGE_PATH);
        assertEquals("file://" + mount + "/checkpoints", checkpoints);
        assertEquals("file://" + mount + "/savepoints", savepoints);
        assertEquals("file://" + mount + "/ha", ha);
        // Operator 1.10 runs on Flink 1.19 and knows these dirs only by their pre-1.20 names.
        Map<String, String> raw = deployment.getSpec().getFlinkConfiguration();
        assertEquals(checkpoints, raw.get("state.checkpoints.dir"));
        assertEquals(savepoints, raw.get("state.savepoints.dir"));
    }

    @Test
    void restartStrategyIsTheOneInConfFlinkConfig(@TempDir Path dir) throws IOException {
        Configuration local = ShippedConf.flinkConfig(dir);
        assertEquals(
                local.get(RestartStrategyOptions.RESTART_STRATEGY),
                flinkConf.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(
                local.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
                flinkConf.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL));
        assertEquals(
                local.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL),
                flinkConf.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL));
        assertEquals(
                local.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY),
                flinkConf.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY));
    }

    @Test
    void everyVariableOfTheTaskFileComesFromTheSecret() {
        Secret secret = YAML.convertValue(documents.get("Secret"), Secret.class);
        Set<String> secretKeys = secret.getStringData().keySet();
        Map<String, SecretKeySelector> fromSecrets = container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef()));

        Set<String> referenced = new TreeSet<>();
        Matcher m = ENV_REF.matcher(taskFile());
        while (m.find()) referenced.add(m.group(1));
        assertTrue(referenced.containsAll(Set.of("TIDB_PASSWORD", "MYSQL_01_PASSWORD")), referenced.toString());
        assertEquals(
                referenced, new TreeSet<>(fromSecrets.keySet()), "env vars from the Secret = ${VARs} of the task file");
        fromSecrets.forEach((name, ref) -> {
            assertEquals(secret.getMetadata().getName(), ref.getName(), name);
            assertTrue(secretKeys.contains(ref.getKey()), name + ": the Secret template has no key " + ref.getKey());
        });
    }

    @Test
    void taskFileInTheConfigMapLoadsWithTheJobsLoader() {
        Set<String> asked = new TreeSet<>();
        TaskConfig task = new TaskConfigLoader(name -> {
                    asked.add(name);
                    return "dummy-" + name.toLowerCase();
                })
                .parse(taskFile());
        assertEquals(Set.of("MYSQL_01_PASSWORD", "TIDB_PASSWORD"), asked);
        assertEquals("dummy-tidb_password", task.targetDatabase().password().reveal());
        assertFalse(task.mysqlInstances().isEmpty());
        for (TaskConfig.Instance i : task.mysqlInstances()) {
            assertFalse(i.password().isEmpty(), i.sourceId());
            assertEquals(
                    i.sourceId(), InstanceRules.of(task, i).sourceId()); // its rules compile as the job builds them
        }
    }

    private static String taskFile() {
        JsonNode data = documents.get("ConfigMap").path("data");
        assertTrue(data.path("task.yaml").isTextual(), "ConfigMap data.task.yaml");
        return data.path("task.yaml").asText();
    }

    private static Volume mountedVolume(String mountPath) {
        String name = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(mountPath))
                .map(VolumeMount::getName)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + mountPath));
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
