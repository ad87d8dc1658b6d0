package io.stepwise.tuning.chart;

import io.stepwise.tuning.SizeStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The chart of a power tuning run ({@code stepwise tune --chart FILE.svg|FILE.html}): duration and cost per invocation
 * against memory, in two stacked panels over one memory axis (base-2 log scale, a tick at each size). The top panel
 * draws the trimmed mean duration with a band from p50 to p90; the bottom one the cost of one million invocations
 * (compute only, from billed durations) at x86_64 and at arm64 prices, one line each. The recommended size is a green
 * vertical line; a size that failed is not plotted but marked with a red ✕ and its reason.
 * <p>
 * Drawn by JFreeChart into JFreeSVG's {@link SVGGraphics2D}, headless; the same numbers give the same SVG.
 */
public final class PowerChart {
    static {
        // a CLI on a server without a display: AWT must not look for one (set before any AWT class loads)
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // JFreeChart draws rotated text (the y axis labels, the failures' reasons) through a TextLayout by default, an
        // old Java2D workaround that reaches JFreeSVG as glyph outlines: as drawString it stays searchable SVG <text>
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    static final int WIDTH = 960;
    static final int HEIGHT = 640;

    private PowerChart() {}

    /** A standalone SVG document of the chart, sizes in any order. */
    public static String svg(List<SizeStats> sizes, Optional<Integer> recommended, String title) {
        return draw(sizes, recommended, title).getSVGDocument();
    }

    /**
     * A self-contained HTML page: the chart as inline SVG and a table of the numbers; no script, no external assets.
     */
    public static String html(List<SizeStats> sizes, Optional<Integer> recommended, String title) {
        String svg = draw(sizes, recommended, title).getSVGElement("power-chart", false,
                new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
        return HtmlPage.render(sorted(sizes), recommended, title, svg);
    }

    /** Writes {@link #svg} or {@link #html} to {@code file}, chosen by its extension ({@code .svg}, {@code .html}/{@code .htm}). */
    public static void write(Path file, List<SizeStats> sizes, Optional<Integer> recommended, String title)
            throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text;
        if (name.endsWith(".svg")) {
            text = svg(sizes, recommended, title);
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            text = html(sizes, recommended, title);
        } else {
            throw new IllegalArgumentException("a chart is written as .svg or .html, not " + file.getFileName());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static SVGGraphics2D draw(List<SizeStats> sizes, Optional<Integer> recommended, String title) {
        JFreeChart chart = Panels.chart(sorted(sizes), recommended, title);
        var g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix("power-chart-"); // JFreeSVG's default prefix is a clock reading: not deterministic
        chart.draw(g2, new java.awt.Rectangle(0, 0, WIDTH, HEIGHT));
        return g2;
    }

    private static List<SizeStats> sorted(List<SizeStats> sizes) {
        return sizes.stream().sorted(Comparator.comparingInt(SizeStats::power)).toList();
    }
}
