package io.stepwise.tuning.chart;

import io.stepwise.tuning.SizeStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link PowerChart#html}: the page template ({@code page.html}) filled with the title, the inline SVG and a table. */
final class HtmlPage {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private HtmlPage() {}

    static String render(List<SizeStats> sizes, Optional<Integer> recommended, String title, String svg) {
        var rows = new StringBuilder();
        for (SizeStats s : sizes) rows.append(row(s, recommended.filter(r -> r == s.power()).isPresent()));
        Map<String, String> values = Map.of("title", escape(title), "svg", svg, "rows", rows.toString());
        // one pass, so a title that contains "{{svg}}" stays text
        Matcher m = PLACEHOLDER.matcher(template());
        var out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        m.appendTail(out);
        return out.toString();
    }

    private static String row(SizeStats s, boolean recommended) {
        String status = s.failure().map(f -> "✕ failed: " + escape(f)).orElse(recommended ? "★ recommended" : "measured");
        String css = s.measured() ? (recommended ? " class=\"recommended\"" : "") : " class=\"failed\"";
        var cells = new StringBuilder("<tr" + css + "><td>" + s.power() + "</td><td class=\"status\">" + status + "</td><td>"
                + s.invocations() + "</td><td>" + s.errors() + "</td>");
        List<String> numbers = s.measured()
                ? List.of(ms(s.averageDuration()), ms(s.p50()), ms(s.p90()), ms(s.p99()),
                        usd(s.averagePriceX86() * 1e6), usd(s.averagePriceArm64() * 1e6))
                : List.of("–", "–", "–", "–", "–", "–");
        for (String n : numbers) cells.append("<td>").append(n).append("</td>");
        return cells.append("</tr>\n").toString();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Three significant digits, never in exponent form. */
    private static String usd(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String template() {
        try (InputStream in = HtmlPage.class.getResourceAsStream("page.html")) {
            if (in == null) throw new IllegalStateException("page.html is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
