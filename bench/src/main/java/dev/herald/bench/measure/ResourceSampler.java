package dev.herald.bench.measure;

import dev.herald.bench.Console;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Watches the platform's processes through {@code /proc}: every second the resident memory ({@code VmRSS}) of each
 * service whose pid {@code ./herald up} wrote to {@code <state-dir>/pids/<service>.pid}; on demand the CPU time of
 * each service, of RabbitMQ ({@code beam.smp}), of PostgreSQL (every {@code postgres} process) and of the benchmark
 * itself, so a phase's CPU use per process can be told.
 */
public final class ResourceSampler implements AutoCloseable {

    /** Linux reports CPU times in USER_HZ ticks, 100 per second on every mainstream kernel configuration. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC = Path.of("/proc");

    private final Map<String, Long> services;
    private final List<MemorySample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> maxSampledKb = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Services {@code ./herald up} starts that stand in for something outside Herald (the providers): their memory is
     * reported but not counted as Herald's.
     */
    public static final Set<String> STAND_INS = Set.of("provider-sandbox");

    /** Resident memory of every service at one moment, in KiB. */
    public record MemorySample(long nanoTime, Map<String, Long> rssKb, double load1) {

        /** Herald's services together, without the stand-ins. */
        public long totalKb() {
            return rssKb.entrySet().stream().filter(e -> !STAND_INS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** CPU ticks used so far, per process group, and the machine's busy and total ticks. */
    public record CpuSnapshot(long nanoTime, Map<String, Long> ticks, long machineBusy, long machineTotal) {
    }

    /** CPU used between two snapshots: cores busy per group (1.0 = one core all the time) and the machine's share. */
    public record CpuUsage(Map<String, Double> cores, double machineBusyFraction) {
    }

    public ResourceSampler(Path stateDir) {
        this.services = readPids(stateDir.resolve("pids"));
        if (services.isEmpty()) {
            Console.info("no pid files under %s: service memory and CPU will not be reported", stateDir.resolve("pids"));
        }
        this.thread = new Thread(this::loop, "bench-resources");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public Map<String, Long> services() {
        return services;
    }

    private void loop() {
        while (running) {
            samples.add(sampleMemory());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public MemorySample sampleMemory() {
        Map<String, Long> rss = new TreeMap<>();
        services.forEach((name, pid) -> {
            long kb = statusField(pid, "VmRSS:");
            if (kb >= 0) {
                rss.put(name, kb);
                maxSampledKb.merge(name, kb, Math::max);
            }
        });
        return new MemorySample(System.nanoTime(), rss, loadAverage()[0]);
    }

    /** The samples taken between two instants of {@link System#nanoTime()}. */
    public List<MemorySample> samples(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.nanoTime() >= fromNanos && s.nanoTime() <= toNanos).toList();
        }
    }

    /**
     * The highest resident memory each service reached: the kernel's own peak since it started ({@code VmHWM}), or,
     * for a service that is gone, the highest of the per-second samples.
     */
    public Map<String, Long> peakRssKb() {
        Map<String, Long> peaks = new TreeMap<>(maxSampledKb);
        services.forEach((name, pid) -> {
            long kb = statusField(pid, "VmHWM:");
            if (kb >= 0) {
                peaks.merge(name, kb, Math::max);
            }
        });
        return peaks;
    }

    /** Services whose process is gone: they exited (or crashed) during the run. */
    public java.util.Set<String> exited() {
        java.util.Set<String> gone = new java.util.TreeSet<>();
        services.forEach((name, pid) -> {
            if (!Files.isDirectory(PROC.resolve(Long.toString(pid)))) {
                gone.add(name);
            }
        });
        return gone;
    }

    public CpuSnapshot cpu() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        services.forEach((name, pid) -> ticks.put(name, cpuTicks(pid)));
        long rabbit = 0;
        long postgres = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                String comm = read(process.resolve("comm")).trim();
                long pid = Long.parseLong(process.getFileName().toString());
                if (comm.equals("beam.smp")) {
                    rabbit += cpuTicks(pid);
                } else if (comm.equals("postgres")) {
                    postgres += cpuTicks(pid);
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to report
        }
        ticks.put("rabbitmq", rabbit);
        ticks.put("postgresql", postgres);
        ticks.put("bench (load generator)", cpuTicks(ProcessHandle.current().pid()));
        long[] machine = machineTicks();
        return new CpuSnapshot(System.nanoTime(), ticks, machine[0], machine[1]);
    }

    public static CpuUsage between(CpuSnapshot from, CpuSnapshot to) {
        double seconds = Math.max(1e-3, (to.nanoTime() - from.nanoTime()) / 1e9);
        Map<String, Double> cores = new LinkedHashMap<>();
        to.ticks().forEach((group, ticks) -> {
            long before = from.ticks().getOrDefault(group, 0L);
            cores.put(group, Math.max(0, ticks - before) / TICKS_PER_SECOND / seconds);
        });
        long total = to.machineTotal() - from.machineTotal();
        double busy = total <= 0 ? Double.NaN : (double) (to.machineBusy() - from.machineBusy()) / total;
        return new CpuUsage(cores, busy);
    }

    /** 1-, 5- and 15-minute load averages. */
    public static double[] loadAverage() {
        String[] fields = read(PROC.resolve("loadavg")).trim().split("\\s+");
        if (fields.length < 3) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])};
    }

    private static Map<String, Long> readPids(Path dir) {
        Map<String, Long> pids = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path file : files) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                try {
                    long pid = Long.parseLong(Files.readString(file).trim());
                    if (Files.isDirectory(PROC.resolve(Long.toString(pid)))) {
                        pids.put(name, pid);
                    }
                } catch (NumberFormatException e) {
                    // a pid file being written: skip it
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return pids;
    }

    private static long statusField(long pid, String field) {
        for (String line : read(PROC.resolve(pid + "/status")).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** utime + stime of a process, from {@code /proc/<pid>/stat} (fields 14 and 15, after the parenthesised name). */
    static long cpuTicks(long pid) {
        String stat = read(PROC.resolve(pid + "/stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        try {
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The machine's busy and total ticks, from the first line of {@code /proc/stat}. */
    private static long[] machineTicks() {
        String[] fields = read(PROC.resolve("stat")).split("\n")[0].trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        return new long[] {total - idle, total};
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
