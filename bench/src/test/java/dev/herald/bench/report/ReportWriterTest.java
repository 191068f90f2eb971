package dev.herald.bench.report;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.BenchResult;
import dev.herald.bench.RunEnvironment;
import dev.herald.bench.broker.MessageSizeProbe;
import dev.herald.bench.broker.PerfTestCeiling;
import dev.herald.bench.broker.TransitCount;
import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.Distribution;
import dev.herald.bench.measure.MemoryReport;
import dev.herald.bench.measure.PhaseResult;
import dev.herald.bench.measure.ResourceSampler;
import dev.herald.bench.measure.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

    private static final Instant START = Instant.parse("2026-11-22T17:00:00Z");

    @Test
    void theReportHasItsTablesChartsAndSummaryAndLatestIsTheSame(@TempDir Path out) throws Exception {
        BenchResult written = new ReportWriter(out).write(result(out, 1000, 1800));

        Path report = out.resolve("2026-11-22T17-00-00Z.md");
        assertThat(written.report()).isEqualTo(report.toAbsolutePath());
        assertThat(out.resolve("latest.md")).hasSameTextualContentAs(report);
        for (String chart : List.of("latency", "throughput", "broadcast")) {
            Path png = out.resolve("2026-11-22T17-00-00Z-" + chart + ".png");
            assertThat(png).exists();
            assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        }
        String markdown = Files.readString(report);
        assertThat(markdown).contains("## Targets", "## Load phases", "## Broadcast", "## RabbitMQ's own ceiling (PerfTest)",
                "### Broker transits per notification", "## Resident memory", "## Seeding users", "## CPU by process",
                "(2026-11-22T17-00-00Z-latency.png)", "| 1,000/s offered |", "max (64 in flight)",
                "**total** | **5.00**", "load average", "## Backlogs",
                "| max | 41,000 | 12 |", "| broadcast | 0 | 60,000 |");
        assertThat(markdown).contains("| Sustained end-to-end throughput | ≥ 2,000 notifications/s | 1,800 notifications/s (phase max) | **missed** |");
        assertThat(markdown).contains("p99 accepted → provider at 1,000/s | < 100 ms | 42.0 ms | met");
        assertThat(markdown).contains("= **0.90**");
    }

    @Test
    void aServiceThatDiedAndDuplicateSendsAreCalledOut(@TempDir Path out) throws Exception {
        BenchResult base = result(out, 1000, 1800);
        BroadcastResult b = base.broadcast();
        BroadcastResult duplicated = new BroadcastResult(b.recipients(), b.bodyBytes(), b.eventId(), b.post(), b.dispatched(),
                b.inProvider(), b.sent(), b.finalKnown(), b.finalSent(), 200_000, b.finalCounts(), b.samples(), b.cpu(),
                b.peakServicesRssKb(), b.maxQueueDepths());
        MemoryReport m = base.memory();
        BenchResult broken = new BenchResult(base.options(), base.startedAt(), base.elapsed(), base.environment(),
                base.loadAtEnd(), base.meanLoadDuringRun(), base.seeding(), base.sizes(), base.transits(), base.phases(),
                base.timeline(), duplicated, base.perfTest(),
                new MemoryReport(m.atStart(), m.peak(), m.atEnd(), m.peakTotal(), m.rabbitMemUsed(),
                        java.util.Set.of("ingress")), null);

        String markdown = Files.readString(new ReportWriter(out).write(broken).report());

        assertThat(broken.accountedFor()).isFalse();
        assertThat(markdown).contains("| ingress | 195 MiB | 293 MiB | **exited during the run** |",
                "**ingress exited during the run**", "100,000 calls more than there were recipients",
                "EXITED: ingress", "NOT ALL ACCOUNTED FOR");
    }

    @Test
    void theSummaryLineNamesTheMissedTargetsAndWhetherEveryNotificationArrived(@TempDir Path out) {
        String line = Summary.line(result(out, 1000, 2500));
        assertThat(line).startsWith("herald bench: 2,500 notifications/s end to end (max)")
                .contains("p99 accepted->provider 42.0 ms at 1000/s", "ratio 1.25", "0 lost")
                .contains("missed: 100k broadcast dispatched").doesNotContain("NOT ALL ACCOUNTED FOR");
    }

    private static BenchResult result(Path out, int rate, double maxRate) {
        BenchOptions options = BenchOptions.parse(new String[] {"--api-key", "k", "--out", out.toString()}, Map.of());
        var cpu = new ResourceSampler.CpuUsage(Map.of("ingress", 0.4, "rabbitmq", 0.9), 0.95);
        Distribution fast = new Distribution(20_000, 12, 30, 42, 80, 14);
        PhaseResult fixed = new PhaseResult(rate + "/s", rate, 0, Duration.ofSeconds(20), 20_000, 20_000, Map.of(), 20_000,
                20_000, 20_000, 20_000, 0, Map.of(), rate, rate, rate, fast, fast, fast, fast, cpu, 1_500_000, Map.of(), Duration.ofSeconds(2));
        PhaseResult max = new PhaseResult("max", 0, 64, Duration.ofSeconds(30), 60_000, 59_990, Map.of("503", 10), 59_990,
                59_990, 59_990, 59_990, 0, Map.of(), maxRate, maxRate, maxRate, fast, fast, fast, fast, cpu, 1_600_000,
                Map.of("herald.events.filter", 41_000L, "herald.email", 12L), Duration.ofSeconds(9));
        Timeline timeline = new Timeline(START);
        for (int second = 0; second < 20; second++) {
            timeline.add(Timeline.Stage.ACCEPTED, START.plusSeconds(second), rate);
            timeline.add(Timeline.Stage.PROVIDER, START.plusSeconds(second).plusMillis(20), rate);
            timeline.add(Timeline.Stage.SENT, START.plusSeconds(second).plusMillis(30), rate);
        }
        BroadcastResult broadcast = new BroadcastResult(100_000, 1_600_000, "e", Duration.ofMillis(800),
                Duration.ofSeconds(70), Duration.ofSeconds(90), Duration.ofSeconds(95), 100_000, 100_000, 100_000,
                Map.of("sent", 100_000L), List.of(new BroadcastResult.Sample(1, 5_000, 1_000, 1_200),
                new BroadcastResult.Sample(95, 100_000, 100_000, 100_000)), cpu, 1_700_000,
                Map.of("herald.email", 60_000L));
        PerfTestCeiling.Result perfTest = new PerfTestCeiling.Result(700, Duration.ofSeconds(25), List.of(
                new PerfTestCeiling.Run(new PerfTestCeiling.Setting("c100-q200", 1, 1, 100, 200), 10_000, 10_000, 6000, 70000, 5000, 20000)),
                List.of("com.rabbitmq.perf.PerfTest", "--quorum-queue"));
        return new BenchResult(options, START, Duration.ofMinutes(9),
                new RunEnvironment(2, 24_000_000, "OpenJDK 25", "-Xmx320m", "3.10.8", new double[] {0.5, 0.6, 0.7}),
                new double[] {2.1, 1.5, 1.0}, 1.9,
                new dev.herald.bench.load.UserSeeder.SeedResult(100_000, 64, Duration.ofSeconds(50), 0, 0, fast),
                new MessageSizeProbe.MessageSizes(Map.of("event", 420, "dispatch", 700, "queued status", 300, "sent status", 380)),
                new TransitCount(1, 1), List.of(fixed, max), timeline, broadcast, perfTest,
                new MemoryReport(Map.of("ingress", 200_000L), Map.of("ingress", 300_000L), Map.of("ingress", 250_000L),
                        1_700_000, 150_000_000, java.util.Set.of()),
                null);
    }
}
