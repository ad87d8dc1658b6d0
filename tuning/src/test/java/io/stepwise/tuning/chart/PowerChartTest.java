package io.stepwise.tuning.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.tuning.SizeStats;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class PowerChartTest {
    /** A CPU-bound function: 128 MB ran out of memory, the rest got faster up to one vCPU (1769 MB). */
    static final List<SizeStats> SIZES = List.of(
            measured(1024, 260, 250, 300, 5.46e-7),
            failed(128, "Runtime.OutOfMemory"),
            measured(256, 1040, 1000, 1200, 5.46e-7),
            measured(512, 520, 500, 610, 5.46e-7),
            measured(1769, 151, 148, 170, 5.59e-7),
            measured(3008, 150, 147, 165, 9.43e-7));

    static SizeStats measured(int power, double mean, double p50, double p90, double price) {
        return new SizeStats(power, 20, 0, Optional.empty(), mean, p50, p90, p90 * 1.1, Math.ceil(mean),
                OptionalDouble.of(90), price, price, price * 0.8, price * 20, power / 4, 0.05);
    }

    static SizeStats failed(int power, String reason) {
        return new SizeStats(power, 0, 20, Optional.of(reason), 0, 0, 0, 0, 0, OptionalDouble.empty(), 0, 0, 0, 0, power, 0);
    }

    @Test
    void svg_is_xml_with_both_panels_and_one_cost_line_per_architecture() throws Exception {
        List<String> texts = texts(PowerChart.svg(SIZES, Optional.of(1024), "fib: cost strategy"));

        assertThat(texts).contains("fib: cost strategy", "Memory (MB)", "Duration (ms)", "USD per 1M invocations (compute)",
                "duration: trimmed mean, band p50–p90 (ms)", "x86_64 price", "arm64 price");
        assertThat(texts).as("a tick at each size tuned").contains("128", "256", "512", "1024", "1769", "3008");
    }

    @Test
    void marks_the_recommended_size() throws Exception {
        assertThat(texts(PowerChart.svg(SIZES, Optional.of(1024), "t"))).contains("recommended: 1024 MB");
        assertThat(texts(PowerChart.svg(SIZES, Optional.empty(), "t"))).noneMatch(t -> t.startsWith("recommended"));
    }

    @Test
    void marks_a_failed_size_with_its_reason_instead_of_plotting_it() throws Exception {
        List<String> texts = texts(PowerChart.svg(SIZES, Optional.of(1024), "t"));
        assertThat(texts).contains("128 MB failed: Runtime.OutOfMemory", Panels.FAILED_SERIES,
                "✕ 1 of 6 sizes failed and are excluded from the recommendation");

        var plot = (CombinedDomainXYPlot) Panels.chart(SIZES, Optional.of(1024), "t").getPlot();
        for (XYPlot panel : plot.getSubplots()) {
            assertThat(xs(panel.getDataset(0))).as("measured lines").doesNotContain(128.0).contains(256.0, 3008.0);
            assertThat(xs(panel.getDataset(1))).as("failure marks").containsExactly(128.0);
        }
    }

    @Test
    void a_run_without_failures_has_no_failure_marks() throws Exception {
        List<SizeStats> ok = SIZES.stream().filter(SizeStats::measured).toList();
        assertThat(texts(PowerChart.svg(ok, Optional.of(1024), "t"))).noneMatch(t -> t.contains("✕"));
    }

    @Test
    void the_same_numbers_give_the_same_svg() {
        assertThat(PowerChart.svg(SIZES, Optional.of(1024), "t")).isEqualTo(PowerChart.svg(SIZES.reversed(), Optional.of(1024), "t"));
    }

    @Test
    void html_is_self_contained_with_the_chart_inline_and_a_table_of_the_numbers() throws Exception {
        String html = PowerChart.html(SIZES, Optional.of(1024), "fib <cost>");

        assertThat(html).contains("<title>fib &lt;cost&gt;</title>", "<svg", "recommended: 1024 MB",
                "<tr class=\"recommended\"><td>1024</td><td class=\"status\">★ recommended</td>",
                "<tr class=\"failed\"><td>128</td><td class=\"status\">✕ failed: Runtime.OutOfMemory</td>",
                "<td>260.0</td><td>250.0</td><td>300.0</td><td>330.0</td><td>0.546</td><td>0.437</td>");
        assertThat(html).doesNotContain("<script", "<link", "src=", "{{");
        assertThat(html.replaceAll("xmlns(:\\w+)?='[^']*'", "")).as("no address but XML namespaces").doesNotContain("http:", "https:");
        assertThat(texts(html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6))).contains("128 MB failed: Runtime.OutOfMemory");
    }

    @Test
    void writes_the_format_its_file_name_asks_for(@TempDir Path dir) throws Exception {
        PowerChart.write(dir.resolve("c.svg"), SIZES, Optional.of(1024), "t");
        PowerChart.write(dir.resolve("c.HTML"), SIZES, Optional.of(1024), "t");

        assertThat(Files.readString(dir.resolve("c.svg"))).startsWith("<?xml");
        assertThat(Files.readString(dir.resolve("c.HTML"))).startsWith("<!DOCTYPE html>");
        assertThatThrownBy(() -> PowerChart.write(dir.resolve("c.png"), SIZES, Optional.empty(), "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c.png");
    }

    @Test
    void draws_a_single_size_and_a_run_where_every_size_failed() throws Exception {
        assertThat(texts(PowerChart.svg(List.of(SIZES.get(0)), Optional.of(1024), "t"))).contains("1024", "recommended: 1024 MB");
        assertThat(texts(PowerChart.svg(List.of(failed(128, "Sandbox.Timedout"), failed(256, "Sandbox.Timedout")), Optional.empty(), "t")))
                .contains("128 MB failed: Sandbox.Timedout", "256 MB failed: Sandbox.Timedout");
    }

    private static List<Double> xs(XYDataset dataset) {
        var xs = new ArrayList<Double>();
        for (int s = 0; s < dataset.getSeriesCount(); s++) {
            int series = s;
            IntStream.range(0, dataset.getItemCount(s)).forEach(i -> xs.add(dataset.getXValue(series, i)));
        }
        return xs;
    }

    /** The text of every {@code <text>} element, after parsing the SVG as XML (so it must be well-formed). */
    static List<String> texts(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList nodes = doc.getElementsByTagNameNS("*", "text");
        var texts = new ArrayList<String>();
        for (int i = 0; i < nodes.getLength(); i++) texts.add(nodes.item(i).getTextContent());
        return texts;
    }
}
