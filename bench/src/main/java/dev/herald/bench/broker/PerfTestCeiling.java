package dev.herald.bench.broker;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.Console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's own ceiling on this machine, measured with RabbitMQ PerfTest ({@code com.rabbitmq:perf-test}) in a
 * child JVM, in a vhost of its own that is created before and deleted after: a quorum queue, persistent messages of
 * a dispatch's size, publisher confirms and manual acks (one ack per message), as Herald uses the broker. Several
 * settings of confirm window and prefetch are tried; the best counts.
 */
public final class PerfTestCeiling {

    public static final String VHOST = "herald-bench-perftest";

    private static final Pattern RATE = Pattern.compile("id: (\\S+), (sending|receiving) rate avg: (\\d+) msg/s");
    private static final Pattern LATENCY = Pattern.compile(
            "id: (\\S+), (consumer|confirm) latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");

    /** One PerfTest configuration: producers, consumers, unconfirmed publishes allowed, consumer prefetch. */
    public record Setting(String id, int producers, int consumers, int confirmWindow, int prefetch) {

        public String describe() {
            return producers + " producer / " + consumers + " consumer, `--confirm " + confirmWindow + "`, `--qos "
                    + prefetch + "`";
        }
    }

    /** What one PerfTest run measured; latencies are median and 99th percentile in microseconds. */
    public record Run(Setting setting, double sendRate, double receiveRate, long consumerLatencyMedianMicros,
            long consumerLatencyP99Micros, long confirmLatencyMedianMicros, long confirmLatencyP99Micros) {
    }

    public record Result(int messageSize, Duration duration, List<Run> runs, List<String> command) {

        public Run best() {
            return runs.stream().max(Comparator.comparingDouble(Run::receiveRate)).orElse(null);
        }
    }

    public static List<Setting> settings(boolean smoke) {
        if (smoke) {
            return List.of(new Setting("c100-q200", 1, 1, 100, 200));
        }
        return List.of(new Setting("c100-q200", 1, 1, 100, 200), new Setting("c500-q1000", 1, 1, 500, 1000));
    }

    public static Result measure(BenchOptions options, int messageSize, Duration duration) {
        RabbitManagement management = new RabbitManagement(options.broker());
        management.recreateVhost(VHOST);
        List<Run> runs = new ArrayList<>();
        List<String> lastCommand = List.of();
        try {
            for (Setting setting : settings(options.smoke())) {
                List<String> command = command(options.broker(), setting, messageSize, duration);
                lastCommand = display(command, options.broker());
                Console.info("PerfTest %s: %s, %d-byte persistent messages into a quorum queue for %d s", setting.id(),
                        setting.describe(), messageSize, duration.toSeconds());
                runs.add(run(setting, command, duration));
                Run run = runs.getLast();
                Console.info("PerfTest %s: sent %.0f msg/s, received %.0f msg/s", setting.id(), run.sendRate(), run.receiveRate());
            }
        } finally {
            management.deleteVhost(VHOST);
        }
        return new Result(messageSize, duration, runs, lastCommand);
    }

    static List<String> command(BenchOptions.Broker broker, Setting setting, int messageSize, Duration duration) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String uri = "amqp://" + RabbitManagement.encode(broker.username()) + ":" + RabbitManagement.encode(broker.password())
                + "@" + broker.host() + ":" + broker.port() + "/" + RabbitManagement.encode(VHOST);
        return List.of(java, "-Xmx512m", "-Dlogback.configurationFile=logback-perf-test.xml",
                "-cp", System.getProperty("java.class.path"), "com.rabbitmq.perf.PerfTest",
                "--uri", uri,
                "--id", setting.id(),
                "--producers", Integer.toString(setting.producers()),
                "--consumers", Integer.toString(setting.consumers()),
                "--quorum-queue", "--queue", "perftest-" + setting.id(),
                "--flag", "persistent",
                "--size", Integer.toString(messageSize),
                "--confirm", Integer.toString(setting.confirmWindow()),
                "--qos", Integer.toString(setting.prefetch()),
                "--time", Long.toString(duration.toSeconds()));
    }

    /** The command as the report shows it: PerfTest's own arguments, the password masked. */
    static List<String> display(List<String> command, BenchOptions.Broker broker) {
        List<String> shown = new ArrayList<>(command.subList(command.indexOf("com.rabbitmq.perf.PerfTest"), command.size()));
        shown.replaceAll(arg -> arg.replace(":" + RabbitManagement.encode(broker.password()) + "@", ":****@"));
        return shown;
    }

    private static Run run(Setting setting, List<String> command, Duration duration) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            try (BufferedReader reader = process.inputReader()) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                }
            }
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("PerfTest did not finish");
            }
            Run run = parse(setting, output);
            if (run.receiveRate() <= 0) {
                throw new IllegalStateException("PerfTest reported no rate; its output:\n" + String.join("\n", output));
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PerfTest", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads PerfTest's closing summary lines ({@code sending rate avg}, {@code consumer latency ...}). */
    static Run parse(Setting setting, List<String> output) {
        double send = 0;
        double receive = 0;
        long[] consumer = {0, 0};
        long[] confirm = {0, 0};
        for (String line : output) {
            Matcher rate = RATE.matcher(line);
            if (rate.find()) {
                if (rate.group(2).equals("sending")) {
                    send = Double.parseDouble(rate.group(3));
                } else {
                    receive = Double.parseDouble(rate.group(3));
                }
                continue;
            }
            Matcher latency = LATENCY.matcher(line);
            if (latency.find()) {
                long[] target = latency.group(2).equals("consumer") ? consumer : confirm;
                target[0] = Long.parseLong(latency.group(4));
                target[1] = Long.parseLong(latency.group(7));
            }
        }
        return new Run(setting, send, receive, consumer[0], consumer[1], confirm[0], confirm[1]);
    }
}
