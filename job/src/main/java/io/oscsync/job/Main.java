package io.oscsync.job;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Entry point of the job jar. On a Flink cluster (flink run) Flink is on the classpath already.
 * Under plain {@code java -jar} it is not: the launcher then puts the Flink runtime from the
 * {@code lib/} folder beside the jar (filled by the build) on a class loader with the jar, and
 * starts the CLI there. This keeps one jar for both uses without bundling Flink into it.
 */
public final class Main {
    private static final String CLI = "io.oscsync.job.cli.OscSyncCli";

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (onClasspath("org.apache.flink.runtime.minicluster.MiniCluster")) {
            invoke(Main.class.getClassLoader(), args);
            return;
        }
        Path jar = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = jar.resolveSibling("lib");
        if (!Files.isDirectory(lib)) {
            System.err.println("osc-sync: the Flink runtime is missing: expected its jars in " + lib
                    + " (built by `mvn package`), or run this jar with `flink run`");
            System.exit(2);
        }
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path p :
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList())
                urls.add(p.toUri().toURL());
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:log4j2-embedded.xml");
        }
        // Parent is the platform loader, so every class (ours and Flink's) comes from this one loader.
        ClassLoader loader =
                new URLClassLoader("osc-sync", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        System.setProperty(
                "java.class.path",
                String.join(File.pathSeparator, urls.stream().map(URL::getPath).toList()));
        invoke(loader, args);
    }

    private static void invoke(ClassLoader loader, String[] args) throws Exception {
        Method main = Class.forName(CLI, true, loader).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
