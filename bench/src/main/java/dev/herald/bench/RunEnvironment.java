package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The machine and the platform as the run found them, for the report's header. */
public record RunEnvironment(int cpus, long memoryKb, String benchJava, String serviceJvmOptions, String rabbitmqVersion,
        double[] loadAtStart) {

    public static RunEnvironment capture(Map<String, Long> servicePids, String rabbitmqVersion, double[] loadAtStart) {
        return new RunEnvironment(Runtime.getRuntime().availableProcessors(), memTotalKb(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), jvmOptions(servicePids), rabbitmqVersion,
                loadAtStart);
    }

    private static long memTotalKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    /** The JVM options a service was started with (what comes before {@code -jar} on its command line). */
    private static String jvmOptions(Map<String, Long> servicePids) {
        for (long pid : servicePids.values()) {
            try {
                String[] args = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
                List<String> options = new ArrayList<>();
                for (int i = 1; i < args.length && !args[i].equals("-jar"); i++) {
                    if (!args[i].startsWith("-Dquarkus.http.port")) {
                        options.add(args[i]);
                    }
                }
                return String.join(" ", options);
            } catch (IOException | RuntimeException e) {
                // try the next one
            }
        }
        return "unknown";
    }
}
