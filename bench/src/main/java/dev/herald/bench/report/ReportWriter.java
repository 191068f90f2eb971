package dev.herald.bench.report;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.BenchResult;
import dev.herald.bench.broker.PerfTestCeiling;
import dev.herald.bench.broker.QueueDepthSampler;
import dev.herald.bench.broker.TransitCount;
import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.Distribution;
import dev.herald.bench.measure.MemoryReport;
import dev.herald.bench.measure.PhaseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code <out>/<timestamp>.md} with its charts {@code <timestamp>-*.png} beside it, and the same Markdown as
 * {@code <out>/latest.md} (its chart links point at the timestamped PNGs, so both render).
 */
public final class ReportWriter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Path out;

    public ReportWriter(Path out) {
        this.out = out;
    }

    public BenchResult write(BenchResult result) {
        String stamp = STAMP.format(result.startedAt());
        try {
            Files.createDirectories(out);
            String latency = stamp + "-latency.png";
            String throughput = stamp + "-throughput.png";
            String broadcast = stamp + "-broadcast.png";
            if (!result.phases().isEmpty()) {
                Charts.latencyVsLoad(result.phases(), out.resolve(latency));
            }
            Charts.throughput(result.timeline(), out.resolve(throughput));
            if (result.broadcast() != null) {
                Charts.broadcast(result.broadcast(), out.resolve(broadcast));
            }
            Path report = out.resolve(stamp + ".md");
            BenchResult written = new BenchResult(result.options(), result.startedAt(), result.elapsed(),
                    result.environment(), result.loadAtEnd(), result.meanLoadDuringRun(), result.seeding(),
                    result.sizes(), result.transits(), result.phases(), result.timeline(), result.broadcast(),
                    result.perfTest(), result.memory(), report.toAbsolutePath().normalize());
            String markdown = markdown(written, latency, throughput, broadcast);
            Files.writeString(report, markdown);
            Files.writeString(out.resolve("latest.md"), markdown);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report under " + out, e);
        }
    }

    static String markdown(BenchResult r, String latencyChart, String throughputChart, String broadcastChart) {
        BenchOptions o = r.options();
        StringBuilder md = new StringBuilder();
        md.append("# Herald benchmark, ").append(HUMAN.format(r.startedAt())).append("\n\n");
        md.append("`").append(Summary.line(withoutPath(r))).append("`\n\n");
        md.append("- Mode: ").append(o.smoke() ? "**smoke** (small numbers: checks the benchmark works, measures nothing)" : "full");
        if (!o.label().isBlank()) {
            md.append("; ").append(o.label());
        }
        md.append("\n");
        var env = r.environment();
        md.append("- Machine: %d CPUs, %.1f GiB memory; load average (1/5/15 min) %s at the start, %s at the end, %.2f on average during the run (1-min, sampled every second)\n"
                .formatted(env.cpus(), env.memoryKb() / 1024.0 / 1024.0, load(env.loadAtStart()), load(r.loadAtEnd()),
                        r.meanLoadDuringRun()));
        md.append("- Services' JVM options: `").append(env.serviceJvmOptions()).append("`; RabbitMQ ")
                .append(env.rabbitmqVersion()).append("; load generator: ").append(env.benchJava()).append("\n");
        md.append("- Workload: %,d users (%s), events of type `order.shipped` with %d recipient(s) on %s; %d s per rate phase, %d s closed loop with %d requests in flight; run took %s\n\n"
                .formatted(o.users(), o.allChannels() ? "email, phone, push token, Slack channel" : "email only",
                        o.fanout(), o.channels(), o.phase().toSeconds(), o.maxPhase().toSeconds(), o.maxConcurrency(),
                        duration(r.elapsed())));

        md.append("## Targets\n\nReported, never asserted (the machine is shared).\n\n");
        md.append("| target | goal | measured | |\n|---|---|---|---|\n");
        for (Targets.Target target : Targets.of(r)) {
            md.append("| %s | %s | %s | %s |\n".formatted(target.name(), target.goal(), target.measured(), target.verdict()));
        }

        md.append("\n## Load phases\n\n");
        md.append("| phase | events (errors) | accepted /s | at providers /s | sent /s (end to end) | due → 202 p50 / p99 ms | accepted → provider p50 / p95 / p99 / max ms | accepted → sent p50 / p95 / p99 / max ms | due → provider p99 ms | sent / expected | lost | duplicate sends |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult p : r.phases()) {
            md.append("| %s | %,d (%s) | %,.0f | %,.0f | %,.0f | %s / %s | %s | %s | %s | %,d / %,d | %d | %,d |\n".formatted(
                    p.concurrency() > 0 ? "max (%d in flight)".formatted(p.concurrency()) : "%,.0f/s offered".formatted(p.offeredPerSecond()),
                    p.events(), errors(p.errors()), p.acceptedPerSecond(), p.providerPerSecond(), p.sentPerSecond(),
                    ms(p.ingress().p50()), ms(p.ingress().p99()), four(p.acceptedToProvider()), four(p.acceptedToSent()),
                    ms(p.dueToProvider().p99()), p.sent(), p.expected(), p.lost(), p.extraProviderCalls()));
        }
        md.append("""

                - *accepted*: the event's acceptance by ingress (`acceptedAt`, carried by its UUIDv7 event id to the millisecond,
                  taken just before the broker publish). *provider*: the sandbox's `receivedAt` of the provider call, matched by
                  the `herald_event_id` custom arg and the address. *sent*: the `at` of the `sent` status in the tracker
                  (`updatedAt` from the `GET /v1/notifications` listing). *due*: when the request was scheduled (open loop), so a
                  stall counts against every request due meanwhile (no coordinated omission).
                - Rates: notifications divided by the time from the first due request to the last one accepted / received / sent,
                  so a backlog the platform builds up and drains later lowers the rate instead of hiding.
                - *lost*: accepted notifications the tracker never heard of. A notification counts as sent when the tracker has it
                  `sent` (or a later delivery state) and the provider got it.
                """);
        if (r.phases().stream().anyMatch(p -> !p.otherStates().isEmpty())) {
            md.append("- Not sent: ");
            md.append(r.phases().stream().filter(p -> !p.otherStates().isEmpty())
                    .map(p -> p.name() + " " + p.otherStates()).collect(Collectors.joining("; "))).append("\n");
        }
        if (!r.phases().isEmpty()) {
            md.append("\n![latency against load](").append(latencyChart).append(")\n");
        }
        md.append("\n![throughput over time](").append(throughputChart).append(")\n");

        backlogs(md, r);
        cpu(md, r);
        broadcast(md, r.broadcast(), broadcastChart);
        seeding(md, r);
        broker(md, r);
        memory(md, r.memory());
        return md.toString();
    }

    private static void backlogs(StringBuilder md, BenchResult r) {
        List<String> queues = new ArrayList<>();
        for (String queue : QueueDepthSampler.QUEUES) {
            boolean seen = r.phases().stream().anyMatch(p -> p.maxQueueDepths().containsKey(queue))
                    || (r.broadcast() != null && r.broadcast().maxQueueDepths().containsKey(queue));
            if (seen) {
                queues.add(queue);
            }
        }
        md.append("\n## Backlogs\n\nThe deepest each work queue got (messages ready or unacknowledged, from the management API, "
                + "sampled every 2 s): messages pile up in front of the slowest stage.\n\n");
        if (queues.isEmpty()) {
            md.append("No queue held more than the messages in flight at any sample.\n");
            return;
        }
        md.append("| phase | ").append(queues.stream().map(q -> "`" + q + "`").collect(Collectors.joining(" | ")))
                .append(" |\n|---|").append("---|".repeat(queues.size())).append("\n");
        for (PhaseResult p : r.phases()) {
            backlogRow(md, p.name(), p.maxQueueDepths(), queues);
        }
        if (r.broadcast() != null) {
            backlogRow(md, "broadcast", r.broadcast().maxQueueDepths(), queues);
        }
    }

    private static void backlogRow(StringBuilder md, String name, Map<String, Long> depths, List<String> queues) {
        md.append("| ").append(name).append(" | ");
        for (String queue : queues) {
            md.append("%,d".formatted(depths.getOrDefault(queue, 0L))).append(" | ");
        }
        md.append("\n");
    }

    private static void cpu(StringBuilder md, BenchResult r) {
        List<String> columns = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        r.phases().forEach(p -> groups.addAll(p.cpu().cores().keySet()));
        if (r.broadcast() != null) {
            groups.addAll(r.broadcast().cpu().cores().keySet());
        }
        if (groups.isEmpty()) {
            return;
        }
        columns.addAll(groups);
        md.append("\n## CPU by process\n\nCores busy on average from the start of each phase until its last notification was "
                + "recorded (1.00 = one core all the time; the machine has %d).\n\n".formatted(r.environment().cpus()));
        md.append("| phase | ").append(String.join(" | ", columns)).append(" | machine busy |\n|---|");
        md.append("---|".repeat(columns.size() + 1)).append("\n");
        for (PhaseResult p : r.phases()) {
            cpuRow(md, p.name(), p.cpu().cores(), p.cpu().machineBusyFraction(), columns);
        }
        if (r.broadcast() != null) {
            cpuRow(md, "broadcast", r.broadcast().cpu().cores(), r.broadcast().cpu().machineBusyFraction(), columns);
        }
    }

    private static void cpuRow(StringBuilder md, String name, Map<String, Double> cores, double busy, List<String> columns) {
        md.append("| ").append(name).append(" | ");
        for (String column : columns) {
            Double value = cores.get(column);
            md.append(value == null ? "" : "%.2f".formatted(value)).append(" | ");
        }
        md.append("%.0f %% |\n".formatted(busy * 100));
    }

    private static void broadcast(StringBuilder md, BroadcastResult b, String chart) {
        if (b == null) {
            return;
        }
        md.append("\n## Broadcast: one event to %,d recipients\n\n".formatted(b.recipients()));
        md.append("Body %,d bytes; `POST /v1/events` answered 202 after %s. From the event's acceptance:\n\n"
                .formatted(b.bodyBytes(), duration(b.post())));
        md.append("| milestone | after | rate |\n|---|---|---|\n");
        md.append("| all dispatched (the tracker knows every notification, each `queued` once its dispatch was confirmed) | %s | %s |\n"
                .formatted(duration(b.dispatched()), perSecond(b.recipients(), b.dispatched())));
        md.append("| all received by the provider | %s | %s |\n".formatted(duration(b.inProvider()), perSecond(b.recipients(), b.inProvider())));
        md.append("| all `sent` in the tracker | %s | %s |\n".formatted(duration(b.sent()), perSecond(b.recipients(), b.sent())));
        md.append("\nFinal tracker counts: %s; provider calls: %,d. Peak resident memory of Herald's services during it: %s.\n"
                .formatted(b.finalCounts(), b.finalInProvider(), mib(b.peakServicesRssKb())));
        if (b.extraProviderCalls() > 0) {
            md.append("\n**The providers received %,d calls more than there were recipients: notifications were sent more than once**"
                    .formatted(b.extraProviderCalls()) + " (the sandbox keeps at most 200,000 calls, so this is a lower bound). "
                    + "\"All received by the provider\" above then only means that as many calls as recipients had arrived.\n");
        }
        md.append("\n![broadcast](").append(chart).append(")\n");
    }

    private static void seeding(StringBuilder md, BenchResult r) {
        md.append("\n## Seeding users\n\n");
        if (r.seeding() == null) {
            md.append("Skipped (`--skip-seed`): the users of an earlier run were used.\n");
            return;
        }
        var s = r.seeding();
        md.append("`PUT /v1/users/{id}` on preference-filter, %d requests in flight: %,d users in %s, **%,.0f users/s**; "
                .formatted(s.concurrency(), s.users(), duration(s.elapsed()), s.perSecond()));
        md.append("latency p50 %s ms, p99 %s ms, max %s ms; %d retried, %d failed.\n".formatted(ms(s.latency().p50()),
                ms(s.latency().p99()), ms(s.latency().max()), s.retries(), s.failures()));
    }

    private static void broker(StringBuilder md, BenchResult r) {
        TransitCount t = r.transits();
        md.append("\n## RabbitMQ's own ceiling (PerfTest)\n\n");
        md.append("Sizes of one notification's messages, weighed on the platform's broker (body bytes): ");
        md.append(r.sizes().bodies().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        md.append("; %.0f bytes per transit on average.\n\n".formatted(r.sizes().meanPerTransit(t)));
        PerfTestCeiling.Result p = r.perfTest();
        if (p == null) {
            md.append("PerfTest was not run (`--perftest-seconds 0`).\n");
        } else {
            md.append("RabbitMQ PerfTest 2.22.1 in a child JVM, vhost `%s` (created and deleted), a quorum queue, persistent %d-byte messages (the dispatch's size), publisher confirms, one manual ack per message, %d s per setting, the platform idle meanwhile:\n\n"
                    .formatted(PerfTestCeiling.VHOST, p.messageSize(), p.duration().toSeconds()));
            md.append("| setting | published msg/s | consumed msg/s | consumer latency p50 / p99 ms | confirm latency p50 / p99 ms |\n|---|---|---|---|---|\n");
            for (PerfTestCeiling.Run run : p.runs()) {
                md.append("| %s | %,.0f | %,.0f | %.1f / %.1f | %.1f / %.1f |\n".formatted(run.setting().describe(),
                        run.sendRate(), run.receiveRate(), run.consumerLatencyMedianMicros() / 1000.0,
                        run.consumerLatencyP99Micros() / 1000.0, run.confirmLatencyMedianMicros() / 1000.0,
                        run.confirmLatencyP99Micros() / 1000.0));
            }
            md.append("\nCommand (last setting): `").append(String.join(" ", p.command())).append("`\n");
        }
        md.append("\n### Broker transits per notification\n\n");
        md.append("A *transit* is one message published into one quorum queue (persistent, confirmed) and consumed from it "
                + "(acked): what one PerfTest message is. One notification on the happy path, counted from the code:\n\n");
        md.append("| publisher | exchange → queue | consumer | transits |\n|---|---|---|---|\n");
        int perEvent = t.recipientsPerEvent() * t.channelsPerEvent();
        for (TransitCount.Hop hop : t.hops()) {
            md.append("| %s | %s | %s | %s |\n".formatted(hop.publisher(), hop.route(), hop.consumer(),
                    hop.perNotification() ? "1" : perEvent == 1 ? "1" : "1 per event = 1/%d".formatted(perEvent)));
        }
        md.append("| | | **total** | **%.2f** |\n".formatted(t.perNotification()));
        md.append("""

                The event's publish to the `herald.events` fanout is one publish and one confirm but two enqueues, two deliveries
                and two acks (filter and tracker each get a copy), so it counts twice; per notification that is %.2f publishes
                and %.2f enqueue/deliver/ack cycles. The event's two transits are shared by all its notifications (%d here).
                Retries (`herald.retry` and its tier queues), dead letters (`herald.dlx`) and hygiene feedback happen only on
                failures and are not on this path.
                """.formatted(t.publishesPerNotification(), t.perNotification(), perEvent));
        if (p != null && p.best() != null && r.fastestPhase() != null) {
            double ceiling = t.ceiling(p.best().receiveRate());
            md.append("\nRatio: Herald %,.0f notifications/s ÷ (PerfTest %,.0f msg/s ÷ %.2f transits = %,.0f notifications/s the broker alone could carry) = **%.2f**.\n"
                    .formatted(r.fastestPhase().sentPerSecond(), p.best().receiveRate(), t.perNotification(), ceiling,
                            r.perfTestRatio()));
        }
    }

    private static void memory(StringBuilder md, MemoryReport m) {
        md.append("\n## Resident memory\n\n");
        if (m.atStart().isEmpty() && m.peak().isEmpty()) {
            md.append("No pid files were found under the state dir, so no service memory was read.\n");
            return;
        }
        md.append("`VmRSS` from `/proc/<pid>/status` of each pid in `<state-dir>/pids/`; peak is the kernel's `VmHWM` since the "
                + "service started. provider-sandbox stands in for SendGrid, Twilio, FCM and Slack: it is listed but not "
                + "counted in Herald's total.\n\n| service | at start | peak | at end |\n|---|---|---|---|\n");
        Set<String> services = new LinkedHashSet<>(m.atStart().keySet());
        services.addAll(m.peak().keySet());
        for (String service : services) {
            md.append("| %s | %s | %s | %s |\n".formatted(service, mib(m.atStart().getOrDefault(service, 0L)),
                    mib(m.peak().getOrDefault(service, 0L)),
                    m.exited().contains(service) ? "**exited during the run**" : mib(m.atEnd().getOrDefault(service, 0L))));
        }
        md.append("| **Herald's services** | %s | %s (sum of peaks: %s) | %s |\n".formatted(mib(MemoryReport.sum(m.atStart())),
                mib(m.peakTotal()) + " at one moment", mib(MemoryReport.sum(m.peak())), mib(MemoryReport.sum(m.atEnd()))));
        if (!m.exited().isEmpty()) {
            md.append("\n**%s exited during the run** (a crash, e.g. `Terminating due to java.lang.OutOfMemoryError` with "
                    .formatted(String.join(", ", m.exited()))
                    + "`-XX:+ExitOnOutOfMemoryError`): see its log in `<state-dir>/logs/`. Its peak is the highest sample "
                    + "taken while it ran.\n");
        }
        if (m.rabbitMemUsed() > 0) {
            md.append("\nRabbitMQ itself (not a Herald service) reported %s in use at the end.\n".formatted(mib(m.rabbitMemUsed() / 1024)));
        }
    }

    private static BenchResult withoutPath(BenchResult r) {
        return new BenchResult(r.options(), r.startedAt(), r.elapsed(), r.environment(), r.loadAtEnd(),
                r.meanLoadDuringRun(), r.seeding(), r.sizes(), r.transits(), r.phases(), r.timeline(), r.broadcast(),
                r.perfTest(), r.memory(), null);
    }

    private static String four(Distribution d) {
        return "%s / %s / %s / %s".formatted(ms(d.p50()), ms(d.p95()), ms(d.p99()), ms(d.max()));
    }

    private static String errors(Map<String, Integer> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        return errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        return millis >= 100 ? "%,.0f".formatted(millis) : "%.1f".formatted(millis);
    }

    private static String mib(long kb) {
        return "%,.0f MiB".formatted(kb / 1024.0);
    }

    private static String duration(Duration duration) {
        return duration == null ? "never" : "%.1f s".formatted(duration.toNanos() / 1e9);
    }

    private static String perSecond(int count, Duration duration) {
        return duration == null || duration.isZero() ? "–" : "%,.0f /s".formatted(count / (duration.toNanos() / 1e9));
    }

    private static String load(double[] load) {
        return "%.2f / %.2f / %.2f".formatted(load[0], load[1], load[2]);
    }
}
