package io.infer.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The PNG: three bar charts side by side over the concurrency levels, one bar per backend: aggregate tok/s, mean
 * per-request decode tok/s (client-measured), and median time to first token.
 */
final class CompareChart {

    /** Size of each of the three panels in pixels. */
    static final int WIDTH = 520;
    static final int HEIGHT = 420;

    private CompareChart() {
    }

    static void write(CompareReport report, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<CategoryChart> charts = List.of(
                chart(report, "Aggregate throughput", "tok/s", LevelResult::aggregateTokPerSec),
                chart(report, "Per-request decode (client)", "tok/s",
                        r -> r.clientDecodeTokPerSec() == null ? 0.0 : r.clientDecodeTokPerSec().mean()),
                chart(report, "Time to first token (p50)", "ms", r -> r.ttftMs() == null ? 0.0 : r.ttftMs().p50()));
        // xchart adds ".png" only when the name lacks it
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart chart(CompareReport report, String title, String unit,
                                       Function<LevelResult, Double> value) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("concurrency").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);  // below: never over the bars
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        List<String> levels = report.config().concurrency().stream().map(String::valueOf).toList();
        for (Target t : report.targets()) {
            List<Double> ys = new ArrayList<>();
            for (int c : report.config().concurrency()) {
                ys.add(report.resultsFor(t.name()).stream().filter(r -> r.concurrency() == c)
                        .map(value).findFirst().orElse(0.0));
            }
            chart.addSeries(t.name(), levels, ys);
        }
        return chart;
    }
}
