package dev.herald.bench.report;

import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.Distribution;
import dev.herald.bench.measure.PhaseResult;
import dev.herald.bench.measure.Timeline;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The report's PNG charts, drawn with XChart. */
final class Charts {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;

    private Charts() {
    }

    /**
     * Latency percentiles against offered load: one point per fixed-rate phase; the closed-loop maximum is drawn
     * at the rate it got accepted at.
     */
    static void latencyVsLoad(List<PhaseResult> phases, Path file) {
        XYChart chart = chart("Latency against load (log scale)", "notifications/s offered (max: accepted)", "ms");
        chart.getStyler().setYAxisLogarithmic(true);
        List<PhaseResult> sorted = new ArrayList<>(phases);
        sorted.sort((a, b) -> Double.compare(x(a), x(b)));
        addLatency(chart, sorted, "accepted → provider p50", PhaseResult::acceptedToProvider, Distribution::p50);
        addLatency(chart, sorted, "accepted → provider p95", PhaseResult::acceptedToProvider, Distribution::p95);
        addLatency(chart, sorted, "accepted → provider p99", PhaseResult::acceptedToProvider, Distribution::p99);
        addLatency(chart, sorted, "accepted → sent p99", PhaseResult::acceptedToSent, Distribution::p99);
        addLatency(chart, sorted, "request due → 202 p99", PhaseResult::ingress, Distribution::p99);
        save(chart, file);
    }

    private static double x(PhaseResult phase) {
        return phase.concurrency() > 0 ? phase.acceptedPerSecond() : phase.offeredPerSecond();
    }

    private static void addLatency(XYChart chart, List<PhaseResult> phases, String name,
            java.util.function.Function<PhaseResult, Distribution> which, ToDoubleFunction<Distribution> percentile) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (PhaseResult phase : phases) {
            double y = percentile.applyAsDouble(which.apply(phase));
            if (y > 0 && !Double.isNaN(y)) {
                xs.add(x(phase));
                ys.add(y);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
    }

    /** Notifications per second at each stage, second by second, over all load phases. */
    static void throughput(Timeline timeline, Path file) {
        XYChart chart = chart("Throughput over time (warm-up, fixed-rate phases, then the maximum)",
                "seconds since the first load phase began", "notifications/s");
        for (Timeline.Stage stage : Timeline.Stage.values()) {
            double[] ys = timeline.perSecond(stage);
            if (ys.length == 0) {
                continue;
            }
            double[] xs = new double[ys.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i;
            }
            XYSeries series = chart.addSeries(stage.label, xs, ys);
            series.setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    /** The broadcast's notifications, cumulative, against seconds since the event was accepted. */
    static void broadcast(BroadcastResult broadcast, Path file) {
        XYChart chart = chart("Broadcast of one event to %,d recipients".formatted(broadcast.recipients()),
                "seconds since the event was accepted", "notifications (cumulative)");
        double[] xs = broadcast.samples().stream().mapToDouble(BroadcastResult.Sample::seconds).toArray();
        if (xs.length > 0) {
            chart.addSeries("known to the tracker (dispatched)", xs,
                    broadcast.samples().stream().mapToDouble(BroadcastResult.Sample::known).toArray()).setMarker(SeriesMarkers.NONE);
            chart.addSeries("received by the provider", xs,
                    broadcast.samples().stream().mapToDouble(BroadcastResult.Sample::inProvider).toArray()).setMarker(SeriesMarkers.NONE);
            chart.addSeries("sent in the tracker", xs,
                    broadcast.samples().stream().mapToDouble(BroadcastResult.Sample::sent).toArray()).setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    private static void save(XYChart chart, Path file) {
        try {
            String name = file.toString();
            BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
