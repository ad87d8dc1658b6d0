package io.stepwise.tuning.chart;

import io.stepwise.tuning.SizeStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelClip;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The two panels of {@link PowerChart} over one memory axis, built from sizes sorted by power. */
final class Panels {
    static final Color DURATION = new Color(0x1f77b4);
    static final Color X86 = new Color(0xff7f0e);
    static final Color ARM64 = new Color(0x9467bd);
    static final Color FAILED = new Color(0xd62728);
    static final Color RECOMMENDED = new Color(0x2ca02c);
    static final String FAILED_SERIES = "failed (not measured)";
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Panels() {}

    static JFreeChart chart(List<SizeStats> sizes, Optional<Integer> recommended, String title) {
        List<SizeStats> measured = sizes.stream().filter(SizeStats::measured).toList();
        List<SizeStats> failed = sizes.stream().filter(s -> !s.measured()).toList();
        var memory = new PowerAxis("Memory (MB)", sizes.stream().map(SizeStats::power).toList());
        var plot = new CombinedDomainXYPlot(memory);
        plot.setGap(14);
        plot.add(durations(measured, failed), 3);
        plot.add(costs(measured, failed), 2);
        for (XYPlot panel : plot.getSubplots()) {
            recommended.ifPresent(power -> panel.addDomainMarker(recommendedMarker(power, panel == plot.getSubplots().get(0)), Layer.BACKGROUND));
        }
        var chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        if (!failed.isEmpty()) {
            var note = new TextTitle("✕ " + failed.size() + " of " + sizes.size()
                    + " sizes failed and are excluded from the recommendation", LABEL);
            note.setPaint(FAILED);
            chart.addSubtitle(note);
        }
        return chart;
    }

    private static XYPlot durations(List<SizeStats> measured, List<SizeStats> failed) {
        var duration = new YIntervalSeries("duration: trimmed mean, band p50–p90 (ms)");
        for (SizeStats s : measured) {
            duration.add(s.power(), s.averageDuration(), Math.min(s.p50(), s.averageDuration()), Math.max(s.p90(), s.averageDuration()));
        }
        var band = new DeviationRenderer(true, true);
        band.setSeriesPaint(0, DURATION);
        band.setSeriesFillPaint(0, DURATION);
        band.setAlpha(0.18f);
        band.setSeriesStroke(0, new BasicStroke(2.5f));
        band.setSeriesShape(0, ShapeUtils.createDiamond(4));
        var axis = new NumberAxis("Duration (ms)");
        var plot = panel(axis);
        var dataset = new YIntervalSeriesCollection();
        dataset.addSeries(duration);
        plot.setDataset(0, dataset);
        plot.setRenderer(0, band);
        addFailures(plot, failed, true);
        return plot;
    }

    private static XYPlot costs(List<SizeStats> measured, List<SizeStats> failed) {
        var x86 = new XYSeries("x86_64 price");
        var arm64 = new XYSeries("arm64 price");
        for (SizeStats s : measured) {
            x86.add(s.power(), s.averagePriceX86() * 1e6);
            arm64.add(s.power(), s.averagePriceArm64() * 1e6);
        }
        var lines = new XYLineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, X86);
        lines.setSeriesPaint(1, ARM64);
        lines.setSeriesStroke(0, new BasicStroke(2.5f));
        lines.setSeriesStroke(1, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0));
        lines.setSeriesShape(0, ShapeUtils.createDiamond(4));
        lines.setSeriesShape(1, ShapeUtils.createDiamond(4));
        var axis = new NumberAxis("USD per 1M invocations (compute)");
        var plot = panel(axis);
        var dataset = new XYSeriesCollection();
        dataset.addSeries(x86);
        dataset.addSeries(arm64);
        plot.setDataset(0, dataset);
        plot.setRenderer(0, lines);
        addFailures(plot, failed, false);
        return plot;
    }

    private static XYPlot panel(NumberAxis axis) {
        axis.setLabelFont(LABEL);
        axis.setAutoRangeIncludesZero(true);
        axis.setAutoRangeStickyZero(false); // room below zero: a failure's ✕ sits on the zero line, not cut in half
        var plot = new XYPlot();
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        return plot;
    }

    /** Each failed size as a red ✕ on the panel's zero line; on the top panel with its reason written upwards. */
    private static void addFailures(XYPlot plot, List<SizeStats> failed, boolean withReasons) {
        if (failed.isEmpty()) return;
        var series = new XYSeries(FAILED_SERIES);
        failed.forEach(s -> series.add(s.power(), 0));
        var marks = new XYLineAndShapeRenderer(false, true);
        marks.setSeriesPaint(0, FAILED);
        marks.setSeriesShape(0, ShapeUtils.createDiagonalCross(6, 1.2f));
        marks.setSeriesVisibleInLegend(0, withReasons);
        if (withReasons) {
            marks.setDefaultItemLabelGenerator((dataset, s, item) -> failed.get(item).power() + " MB failed: "
                    + failed.get(item).failure().orElse("unknown"));
            marks.setItemLabelAnchorOffset(10);
            marks.setDefaultItemLabelsVisible(true);
            marks.setDefaultItemLabelPaint(FAILED);
            marks.setDefaultItemLabelFont(LABEL);
            marks.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                    TextAnchor.CENTER_LEFT, TextAnchor.CENTER_LEFT, -Math.PI / 2, ItemLabelClip.NONE));
        }
        plot.setDataset(1, new XYSeriesCollection(series));
        plot.setRenderer(1, marks);
    }

    private static ValueMarker recommendedMarker(int power, boolean labelled) {
        var marker = new ValueMarker(power, RECOMMENDED, new BasicStroke(2f));
        if (labelled) {
            marker.setLabel("recommended: " + power + " MB");
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            marker.setLabelPaint(RECOMMENDED);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        }
        return marker;
    }
}
